// Whoever runs experiments reads and writes specs: Experiments re-exports the spec types.
@_exported import Specs
