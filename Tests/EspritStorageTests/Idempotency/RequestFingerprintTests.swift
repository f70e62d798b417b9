@testable import EspritStorage
import Testing

/// A request's fingerprint: its opcode, and a hash that tells requests apart and never changes
/// (stored keys must match their retries after a restart and an upgrade).
@Suite struct RequestFingerprintTests {
    @Test func theOpcodeIsTheRequestsFirstTwoBytes() {
        #expect(RequestFingerprint(request: [0x01, 0x02, 9, 9, 9]).opcode == 0x0102)
        #expect(RequestFingerprint(request: [0x07]).opcode == 0, "too short to hold one")
    }

    @Test func theSameBytesGiveTheSameFingerprintFromAnyCollection() {
        let request: [UInt8] = [0x00, 0x11] + Array(0..<37)
        #expect(RequestFingerprint(request: request) == RequestFingerprint(request: request[...]))
        #expect(RequestFingerprint(request: request) == RequestFingerprint(request: request.lazy.map { $0 }))
    }

    /// Grants that differ in one field, requests that differ only by a trailing zero byte or
    /// by one bit anywhere: every one has its own hash.
    @Test func nearbyRequestsHashApart() {
        var hashes = Set<UInt64>()
        for amount in 0..<20_000 {
            var request: [UInt8] = [0x00, 0x30, 0, 0, 0, 0, 0, 0, 0, 42, 1]
            withUnsafeBytes(of: Int64(amount).bigEndian) { request += $0 }
            hashes.insert(RequestFingerprint(request: request).hash)
        }
        #expect(hashes.count == 20_000)
        let base: [UInt8] = [0x00, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        var variants = [base, base + [0], base + [0, 0], Array(base.dropLast())]
        for bit in 0..<(base.count * 8) {
            var flipped = base
            flipped[bit / 8] ^= 1 << (bit % 8)
            variants.append(flipped)
        }
        #expect(Set(variants.map { RequestFingerprint(request: $0).hash }).count == variants.count)
    }

    /// The server hashes a keyed request's opcode and fields apart, where the frame holds
    /// them: the same fingerprint as the two joined, at every length around the hash's words.
    @Test func anOpcodeAndItsFieldsApartGiveTheFingerprintOfTheTwoJoined() {
        for count in 0..<40 {
            let fields = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ count) }
            for opcode: UInt16 in [0, 0x0004, 0x0130, 0xFF01] {
                let joined = RequestFingerprint(request: [UInt8(opcode >> 8), UInt8(opcode & 0xFF)] + fields)
                #expect(fields.withUnsafeBytes { RequestFingerprint(opcode: opcode, fields: $0) } == joined)
            }
        }
    }

    /// The hash is part of the journal and checkpoint formats: these values were computed once
    /// and must never change.
    @Test func theHashIsFixed() {
        #expect(RequestFingerprint(request: [UInt8]()).hash == 0xCD3B_B585_818B_9543)
        #expect(RequestFingerprint(request: [0x00, 0x04, 0x00, 0x01]).hash == 0xDE48_A05E_EB99_A954)
        #expect(RequestFingerprint(request: Array("an admin grant of 1 000 lumees".utf8)).hash == 0x84A1_CB77_26E2_51D4)
    }

    @Test func itsStoredBytesReadBack() {
        let fingerprint = RequestFingerprint(request: [0xAB, 0xCD, 1, 2, 3])
        let stored = fingerprint.withStoredBytes { Array($0) }
        #expect(stored.count == RequestFingerprint.byteCount)
        #expect(Array(stored.prefix(2)) == [0xCD, 0xAB], "little-endian, like the rest of the journal")
        #expect(stored.withUnsafeBytes { RequestFingerprint(stored: $0) } == fingerprint)
    }
}
