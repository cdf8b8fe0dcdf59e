extension FewShotTask {
    /// A task whose query images have no known class, for `Learner.predict`: its `queryLabels`
    /// read 0, which `predict` never looks at.
    public init(support: Tensor, supportLabels: [Int], query: Tensor, ways: Int) {
        self.init(
            support: support, supportLabels: supportLabels, query: query,
            queryLabels: [Int](repeating: 0, count: query.shape.first ?? 0), ways: ways)
    }
}
