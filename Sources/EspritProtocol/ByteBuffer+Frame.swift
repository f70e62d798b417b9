import NIOCore

extension ByteBuffer {
    /// Writes a u32 big-endian length, then the body `writeBody` produces, then patches the
    /// length in: one pass, no intermediate buffer.
    mutating func writeLengthPrefixedFrame(_ writeBody: (inout ByteBuffer) -> Void) {
        let lengthIndex = self.writerIndex
        self.writeInteger(UInt32(0))
        let bodyStart = self.writerIndex
        writeBody(&self)
        self.setInteger(UInt32(self.writerIndex - bodyStart), at: lengthIndex, endianness: .big)
    }
}
