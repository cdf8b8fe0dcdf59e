/// One of the three parts a data set's classes are split into.
public enum SplitPart: String, Sendable, Hashable, CaseIterable {
    case train
    case validation
    case test

    /// The file of the csv layout that lists this part's images: `train.csv`, `val.csv`, `test.csv`.
    public var csvFileName: String {
        switch self {
        case .train: "train.csv"
        case .validation: "val.csv"
        case .test: "test.csv"
        }
    }
}
