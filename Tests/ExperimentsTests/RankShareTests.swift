import Experiments
import Testing

/// Which combinations a process of a sweep runs under a launcher.
@Suite struct RankShareTests {
    @Test func launchersNameTheRankAndSize() {
        #expect(RankShare.from(environment: [:]) == .whole)
        #expect(RankShare.from(environment: ["OMPI_COMM_WORLD_RANK": "2", "OMPI_COMM_WORLD_SIZE": "3"]) == RankShare(rank: 2, size: 3))
        #expect(RankShare.from(environment: ["PMI_RANK": "1", "PMI_SIZE": "4"]) == RankShare(rank: 1, size: 4))
        #expect(RankShare.from(environment: ["SLURM_PROCID": "0", "SLURM_STEP_NUM_TASKS": "2"]) == RankShare(rank: 0, size: 2))
        // A batch script's environment names no step: the script's one process runs the whole sweep.
        #expect(RankShare.from(environment: ["SLURM_PROCID": "0", "SLURM_NTASKS": "4"]) == .whole)
        #expect(RankShare.from(environment: ["OMPI_COMM_WORLD_RANK": "3", "OMPI_COMM_WORLD_SIZE": "3"]) == .whole)
    }

    /// Rank r of n takes the combinations i with i % n == r: every combination exactly once.
    @Test func sharesPartitionTheCombinations() {
        let shares = (0..<3).map { RankShare(rank: $0, size: 3) }
        #expect(shares.map { share in (0..<8).filter(share.owns) } == [[0, 3, 6], [1, 4, 7], [2, 5]])
    }

    @Test func runsGetNoLauncherVariables() {
        let environment = ["OMPI_COMM_WORLD_RANK": "1", "PMIX_RANK": "1", "PMI_SIZE": "2", "SLURM_PROCID": "1", "PATH": "/bin", "HOME": "/h"]
        #expect(RankShare.withoutLauncher(environment) == ["PATH": "/bin", "HOME": "/h"])
    }
}
