/// The version of swift-metalearn, recorded in every `result.json` so that numbers can be traced to code.
public enum MetaLearnVersion {
    /// Semantic version of this release.
    public static let current = "0.1.0"
}
