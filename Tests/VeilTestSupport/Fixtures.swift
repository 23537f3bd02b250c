import Foundation

/// Locates files inside this repository for tests (tests never read outside the project).
public enum Fixtures {
    /// The repository root, found from this source file's location.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        fatalError("repository root not found")
    }()

    /// A file under the repository root.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// The seed article's text.
    public static var seedArticle: String {
        (try? String(contentsOf: url("seeds/dailynk-international-calls.txt"), encoding: .utf8)) ?? ""
    }

    /// A fresh temporary directory, removed by the caller with `cleanup`.
    public static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("veil-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
