/// What a run's `tensorboard/owner.json` records: which run the folder belongs to and the event
/// file it writes there.
struct TensorBoardOwner: Codable, Sendable, Equatable {
    /// The SHA-256 of the owning run's resolved spec (`spec.json`), as its checkpoints record it.
    var specSHA256: String
    /// The event file's name, `events.out.tfevents.<startTime>.<host>`.
    var eventFile: String
    /// When the log was started, in whole seconds since 1970: the wall time of its first event.
    var startTime: Int

    /// The owner of a log started now (`startTime`) on the host called `host`.
    init(specSHA256: String, startTime: Int, host: String) {
        self.specSHA256 = specSHA256
        self.startTime = startTime
        eventFile = "\(Self.eventFilePrefix)\(startTime).\(host)"
    }

    /// How TensorBoard's writers begin an event file's name; TensorBoard reads files whose name has `tfevents`.
    static let eventFilePrefix = "events.out.tfevents."

    /// Whether `eventFile` is an event file's name in the folder itself (no path).
    var namesAnEventFile: Bool {
        eventFile.hasPrefix(Self.eventFilePrefix) && !eventFile.contains("/") && eventFile.utf8.count < 256
    }
}
