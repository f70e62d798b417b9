import Foundation

/// `esprit-keys-churn CHANGES [PLAYERS] [BOUND]`: runs ``KeyChurn`` and prints what it did, so
/// that the work cannot be optimized away. `bench/scripts/keys-cost.sh` runs it under callgrind.
/// A bound of 0 keeps no key: what is left is each change's own key, hash and empty look-up.
let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }.filter { $0 >= 0 }
guard (1...3).contains(numbers.count), numbers.count == CommandLine.arguments.count - 1, numbers.count < 2 || numbers[1] > 0 else {
    print("usage: esprit-keys-churn CHANGES [PLAYERS] [BOUND]")
    exit(2)
}
var churn = KeyChurn()
if numbers.count > 1 { churn.players = numbers[1] }
if numbers.count > 2 { churn.bound = numbers[2] }
let summary = churn.run(changes: numbers[0])
print("\(numbers[0]) keyed changes at \(churn.players) players of \(churn.bound) keys: \(summary.found) found, \(summary.kept) kept")
