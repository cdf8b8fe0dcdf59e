/// The file formats `metalearn export` writes a run's model in.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Hugging Face's safetensors (`Safetensors`), with PyTorch's tensor names and layouts.
    case safetensors

    /// The file's bytes for `export`.
    public func encode(_ export: ModelExport) -> [UInt8] {
        switch self {
        case .safetensors: return Safetensors.encode(export.tensors, metadata: export.metadata)
        }
    }
}
