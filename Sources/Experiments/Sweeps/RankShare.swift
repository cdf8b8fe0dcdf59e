import Foundation

/// Which part of a sweep this process runs: combination `i` belongs to rank `i % size`. Under
/// `mpirun` (Open MPI, or any launcher setting PMI or Slurm variables) every rank is one process of
/// the sweep; no MPI call is made, the rank and size are read from the environment.
public struct RankShare: Sendable, Equatable {
    public let rank: Int
    public let size: Int

    /// The whole sweep, for a process started on its own.
    public static let whole = RankShare(rank: 0, size: 1)

    /// Rank `rank` of `size` (0 ≤ rank < size).
    public init(rank: Int, size: Int) {
        precondition(size >= 1 && (0..<size).contains(rank), "rank \(rank) of \(size)")
        self.rank = rank
        self.size = size
    }

    /// The launcher variables that name a rank and the size, first match wins: Open MPI's, PMI's (MPICH,
    /// Slurm's PMI), Slurm's for the tasks of an `srun` step (not a batch script's `SLURM_NTASKS`, which
    /// is set where one process runs the script).
    public static let variables = [
        ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"), ("PMI_RANK", "PMI_SIZE"),
        ("SLURM_PROCID", "SLURM_STEP_NUM_TASKS"),
    ]

    /// The share `environment` names (`whole` when no launcher set a valid rank and size).
    public static func from(environment: [String: String]) -> RankShare {
        for (rankName, sizeName) in variables {
            if let rank = environment[rankName].flatMap(Int.init), let size = environment[sizeName].flatMap(Int.init),
                size >= 1, (0..<size).contains(rank)
            {
                return RankShare(rank: rank, size: size)
            }
        }
        return .whole
    }

    /// Whether the combination at `index` is this rank's.
    public func owns(_ index: Int) -> Bool { index % size == rank }

    /// `environment` without the launcher's variables, so that a run started by a rank is a plain run
    /// and not a process of the launcher's job.
    public static func withoutLauncher(_ environment: [String: String]) -> [String: String] {
        environment.filter { key, _ in
            !(key.hasPrefix("OMPI_") || key.hasPrefix("PMI_") || key.hasPrefix("PMIX_") || key.hasPrefix("SLURM_"))
        }
    }
}
