/// The checkpointer as a background service's work: each run is one checkpoint, and the items
/// it processed are the players it wrote.
struct CheckpointWork: BackgroundWork {
    let checkpointer: Checkpointer

    func run() async throws -> Int {
        try await checkpointer.checkpoint().players
    }
}
