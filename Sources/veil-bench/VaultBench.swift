import Foundation
import Veil

/// Vault benchmarks (seal/open throughput, key unlock time, watch-list matching), and a
/// `sample DIR` mode that writes a key file and a vault for the interoperability check
/// (tools/check_vault_interop.sh).
///
///     swift run -c release --scratch-path .build-vault veil-bench vault [--levels interactive,moderate,sensitive]
///     veil-bench vault sample DIR        (passphrase from VEIL_SAMPLE_PASSPHRASE)
enum VaultBench {
    static func run(arguments: [String]) {
        if arguments.first == "sample" {
            guard arguments.count >= 2 else { print("usage: veil-bench vault sample DIR"); return }
            writeSample(directory: arguments[1])
            return
        }
        var levels = KDFLevel.allCases
        if let i = arguments.firstIndex(of: "--levels"), i + 1 < arguments.count {
            levels = arguments[i + 1].split(separator: ",").compactMap { KDFLevel(rawValue: String($0)) }
        }
        Sodium.ensureInitialized()
        print("== vault: seal and open (X25519 sealed box, secretstream XChaCha20-Poly1305, 256-byte padding); CPU time per operation")
        let editor = SecretKey.generate()
        let recipients = [editor.publicKey, SecretKey.generate().publicKey]
        for count in [1, 100, 10_000] {
            // Typical originals: names, places and sums of 5-40 bytes.
            var records: [VaultRecord] = []
            records.reserveCapacity(count)
            var used = Set<String>()
            for i in 0..<count {
                let id = Vault.newRecordID(excluding: used)
                used.insert(id)
                let text = "Original detail number \(i) " + String(repeating: "x", count: i % 13)
                records.append(VaultRecord(id: id, content: SecureBytes(copying: Array(text.utf8))))
            }
            let published = [UInt8](repeating: 0x61, count: 64 * count)
            let reps = max(1, min(200, 20_000 / count))
            var sealed: SealedVault?
            let sealTime = time(reps) { sealed = try! Vault.seal(records: records, recipients: recipients, publishedText: published) }
            let bytes = sealed!.bytes
            let openTime = time(reps) { _ = try! Vault.open(bytes, identity: editor) }
            let verifyTime = time(reps) { try! sealed!.verify(bytes) }
            print(String(format: "%6d records  %9d bytes  seal %9.3f ms (%9.0f rec/s)  open %9.3f ms (%9.0f rec/s)  verify %9.3f ms",
                         count, bytes.count, sealTime * 1000, Double(count) / sealTime, openTime * 1000,
                         Double(count) / openTime, verifyTime * 1000))
        }
        let big = SecureBytes(copying: [UInt8](repeating: 0x41, count: 8 << 20))
        var bigVault: [UInt8] = []
        let bigSeal = time(3) { bigVault = try! Vault.seal(records: [VaultRecord(id: Vault.draftRecordID, content: big)], recipients: recipients, publishedText: []).bytes }
        let bigOpen = time(3) { _ = try! Vault.open(bigVault, identity: editor) }
        print(String(format: "8 MiB draft record: seal %.0f MB/s, open %.0f MB/s", 8.0 / bigSeal, 8.0 / bigOpen))

        print("== key unlock (Argon2id via crypto_pwhash, then XChaCha20-Poly1305)")
        let pass = SecureBytes(copying: Array("benchmark passphrase".utf8))
        for level in levels {
            let file = try! KeyFile.encode(editor, passphrase: pass, level: level)
            let reps = level == .sensitive ? 1 : 3
            let t = time(reps) { _ = try! KeyFile.decode(file, passphrase: pass) }
            let name = level.rawValue + String(repeating: " ", count: max(0, 12 - level.rawValue.count))
            print(name + String(format: "ops %d, mem %4d MiB: unlock %.3f s CPU (%.3f s wall)", level.opsLimit, level.memLimit >> 20, t, lastWall.value))
        }

        print("== watch-list matching (5 terms, n-grams of 1-8 pieces)")
        let list = try! Watchlist.create(terms: ["Kang Mi-jin", "Hyesan", "Nightingale", "+82 10-5555-0199", "강미진"],
                                         passphrase: pass, level: .interactive)
        let matcher = try! list.matcher(passphrase: pass)
        let paragraph = "The trader from the border city said prices rose sharply after the crackdown on phones, and Kang Mi-jin agreed. "
        let doc = try! Document(text: String(repeating: paragraph, count: 1000))
        var n = 0
        let t = time(3) { n = matcher.findings(in: doc).count }
        print(String(format: "%d KiB, %d findings: %.3f s CPU (%.2f MB/s)", doc.bytes.count >> 10, n, t, Double(doc.bytes.count) / t / 1e6))
    }

    /// Mean seconds of `reps` runs of `body`: process CPU time (what the work costs, robust
    /// when other jobs share the cores); the wall-clock mean is kept in `lastWall`.
    static func time(_ reps: Int, _ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuSeconds()
        for _ in 0..<reps { body() }
        lastWall.value = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(reps)
        return (cpuSeconds() - cpuStart) / Double(reps)
    }

    final class Box: @unchecked Sendable { var value = 0.0 }
    /// Wall-clock mean of the last `time` call.
    static let lastWall = Box()

    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Writes DIR/editor.key (+ .pub), DIR/other.pub, DIR/sample.vault sealed to both, and
    /// DIR/expected.tsv (`id<TAB>hex of original` per record, then `published<TAB>hex of the
    /// BLAKE2b-256 of the published text`) for an independent reader to compare against.
    static func writeSample(directory: String) {
        guard let pw = ProcessInfo.processInfo.environment["VEIL_SAMPLE_PASSPHRASE"], !pw.isEmpty else {
            print("set VEIL_SAMPLE_PASSPHRASE"); return
        }
        let pass = SecureBytes(copying: Array(pw.utf8))
        let keyPath = directory + "/editor.key"
        let editor = try! KeyFile.create(at: keyPath, passphrase: pass, level: .interactive)
        let other = SecretKey.generate()
        try! AtomicFile.write(other.publicKey.fileContents, to: directory + "/other.pub", overwrite: true)
        let draft = "혜산의 소식통 강미진(가명)은 말했다.\r\nKang Mi-jin met a trader in Hyesan 🙂 on 20 July.\r\nno final newline"
        let published = "[redacted]의 소식통 [redacted](가명)은 말했다.\r\n[redacted] met a trader in [redacted] 🙂 on [redacted].\r\nno final newline"
        var records = [VaultRecord(id: Vault.draftRecordID, content: SecureBytes(copying: Array(draft.utf8))),
                       VaultRecord(id: Vault.pseudonymsRecordID, content: SecureBytes(copying: Array("{\"Person A\":\"Kang Mi-jin\"}".utf8)))]
        var used = Set<String>()
        for original in ["혜산", "강미진", "Kang Mi-jin", "Hyesan", "20 July", "", String(repeating: "long original ", count: 30)] {
            let id = Vault.newRecordID(excluding: used)
            used.insert(id)
            records.append(VaultRecord(id: id, content: SecureBytes(copying: Array(original.utf8))))
        }
        let sealed = try! Vault.seal(records: records, recipients: [editor.publicKey, other.publicKey], publishedText: Array(published.utf8))
        try! AtomicFile.write(sealed.bytes, to: directory + "/sample.vault", overwrite: true)
        try! sealed.verify(AtomicFile.read(directory + "/sample.vault"))
        func hex<C: Collection>(_ b: C) -> String where C.Element == UInt8 { b.map { String(format: "%02x", $0) }.joined() }
        var tsv = records.map { "\($0.id)\t\(hex($0.content.copyBytes()))" }
        let opened = try! Vault.open(sealed.bytes, identity: editor)
        tsv.append("published\t\(hex(opened.publishedTextHash))")
        try! AtomicFile.write(Array((tsv.joined(separator: "\n") + "\n").utf8), to: directory + "/expected.tsv", overwrite: true)
        try! AtomicFile.write(Array(published.utf8), to: directory + "/published.txt", overwrite: true)
        print("wrote \(keyPath), \(directory)/sample.vault, \(directory)/expected.tsv")
    }
}
