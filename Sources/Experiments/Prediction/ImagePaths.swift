import FewShotData
import Foundation
import PosixFiles

/// Image files named by paths: a file is taken as it is; a folder stands for every file of a known
/// image format below it (by extension, in any case; hidden entries skipped), sorted by path.
public enum ImagePaths {
    /// The files `paths` name, in the order given.
    /// - Throws: `PredictionError.missingPath` for a path that does not exist, `.noImages` when
    ///   the paths hold no image at all.
    public static func expand(_ paths: [String]) throws(PredictionError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .missingPath(path)
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let prefix = path.hasSuffix("/") ? path : path + "/"
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects ?? [])
                .compactMap { $0 as? String }
                .filter { relative in
                    !relative.split(separator: "/").contains { $0.hasPrefix(".") }
                        && ImageFile.fileExtensions.contains((relative as NSString).pathExtension.lowercased())
                        && !FileIO.isDirectory(prefix + relative)
                }
                .map { prefix + $0 }
                .sorted()
            files += found
        }
        guard !files.isEmpty else { throw .noImages(paths: paths) }
        return files
    }
}
