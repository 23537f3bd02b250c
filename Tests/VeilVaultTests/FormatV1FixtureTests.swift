import Foundation
import XCTest
@testable import VeilVault

/// Frozen files of format version 1, made by this implementation on 2026-11-25 and read back
/// independently by tools/vault_reader.py: every later build must still open them, byte for byte.
/// (Made with `VEIL_SAMPLE_PASSPHRASE="fixture passphrase" veil-bench vault sample DIR`.)
final class FormatV1FixtureTests: XCTestCase {
    static let passphrase = SecureBytes(copying: Array("fixture passphrase".utf8))

    static let keyFile: [UInt8] = [UInt8](Data(base64Encoded: "U1JDS0VZAAECAgAAAAAAAAQAAAAAX5ECOIaFw9TGm7AWW3DYe66Vowl8B5r262yHxQGxjMbXjCrpAdz7zgSMrnB8kHuybWULk5qN2N0mVii2qoZD+FaUWTsnYv2hIT+thJAFnKeYaa+uA4nk4A==")!)

    static let vault: [UInt8] = [UInt8](Data(base64Encoded: [
        "U1JDVkxUAAEBAAAB2LsupRQZZUk1XQliVEo8lgLqs9/SBLjwCjYzCQXdnydIhbCkFUS0qbk8vsKPLrQwcxURsHBCY3g3uELmCeSC",
        "NCW/8YpKqugoNDJhedZ5842pfi3qG696UlNfNvEu+nT2Pq68AIYDY0J3+NtMYTZ+1d+DYgk2XJk1pheNNExzb0QUbo8xOh4ALA09",
        "9ToO8QPlbd3F4VvTKo9pcW/NIQw9i2iTj55EPDrtQ3upOL8MaSecBL6tFoSDtSVm34iqvk8jjde+ESzXIr8gPoK3U/jUvggCSpeo",
        "+dxU+uj4CfkSEnt37woLv3V/tEoGQGRyYWZ0EQEAANMOll4/JDFr2zfKxTVyH5n2erIdWmSTFzx0MmY++Nc0ABzEn+U9q88BkMCo",
        "drasH94LAgeTf5Cf9nShMbPeVdg+nDz9bWmZUDTOhwDmFA4vdhkMmQDMJ2g0Q02PFqW2+RYw1jToGd7YH0wnmG2ZvHRc6EXZMtsQ",
        "dekcGcQPq432szsdWmjgT1dFeJ6b5+VlUG9l6xZpccAJqABN055cNFPgijdtvgOd4/fOydfcjdp13zrfFE7PPLq5JDO/9MlLekEQ",
        "HZiTdToI/4k4oV9qihO8h0i0HuwpZxUW08kkbGr7D+haQR1paAJrXAhE/cxr8nV1+DQ2VSE8u5/KZ8M4yS2jPS33ZGFFUtKk3xiE",
        "s3BkYQtAcHNldWRvbnltcxEBAADFW2RpGLeFf8C3tBenTpkEfzpJnGGZYSrWC5VJ0fnE+NxKA1TS3FRpu7+nB704Q36UXZcpN73K",
        "jzb+S1+RS3Q2z6wjB+Fe4OwbASAREHUNCehNCY3wrB9FK+O54ViDtseD9DENgELFpgr3YhgIkaTpaX0Cdm33RO4HBTgIDD+AURHk",
        "K1XN1W/15nCiFrPBUeQ/riqwA6km2OfpdGDOKdOaGL9lrHVAqzWhS0AEMdesumHuxG8f4iC1LXAwr/WAtSZmTvH7wdQ9DWs5bEP7",
        "q1JWr3Pd7og29ajW3OnfvxMtotwAWQ8wwbpLgmeJN2icjHvu3gatZD0xw2pt2wpzElFWbkTmzSVNZJtIgdHIkUKMUQsKci1mYXY3",
        "ZXJueREBAAAGNJNuaUXjvZVyANdVzeUoM9Ho4607ZtDH3Wa0cMpxo20XfLu+VYA3QA/ye8UgPFnm5ety+4aGUdqWOBiK3M0n0R7d",
        "uR3ZdKWBQQMt/Z534fPdPPfP5NOx3KZakn8a3fvhiqyZkT6NreFZk2h+C/AKN/YfVE1oopzrblAtUAuUhpE7WLBm3JTQ+j3vJjNy",
        "bZP4GszTWTR1OEzeHUUyGsSdVgCwFXbHr2SIh1CfrZ5cgTSOViTADSlJOY3WoSWvGczEKytztR5OXBnGljPA89DK9PCu2Jgx1sYg",
        "+GmsxZ3QB/M9VTftXFVZA/w35Wxlk8f9AZOD0TJn3CgrPr52v+axl4fxpg/2N/rrLfgTM2JYJ+QKci1lZ2FpaHNiaxEBAABbfnX9",
        "jzKJA+aw473oLbeCFIhk1n26UIGeO8ojutQjmCrHZZmZ93a+uRdXOnr1lR4JBCuFLeJBU8EcAC6knQiPtEFxihnsdVVkPVOz/Gkl",
        "pAKbuTxPlXPIpmD5ieHdo0VYdCqCYQWoGY/uA6pst1sdFO8Amo6+K+UZUaqLrjMXWRBiltaNEY9TraAtWhwfhnWdVZc31ktoLbBD",
        "amggidaL5i5yiq5TX3pAnT6hyezbxmxpXxyPR/Ju4dN/bclK0QvIyHsEnG/pjiL39q4JwGBwij3RjtAai8+6wNtNwNtiTl7Fsc/w",
        "UuTD//Fhp1me9ka1z5xryqSgIf8XfzXNdDXkKvtmK+z1PM3s5rcyXbRMauYKci1oYTdnN3NoNBEBAAA39wXEW8AqZ00Ry4DPmsEh",
        "7JwXXh1M6DrQGAaTWBKsn7wBmfVbZw8g6dBkg7g3ff7K6Pc4eU65Es26eD8wSjdKIk7/2ZTMO6dnm2w+IbIfQOp6OOsIzqYIfszI",
        "2UIrqvHmdUwhZZkQ0MYPgU2z35OpF4LUaOoyWZoF8U0eb1oZ1EgBuqTORQAT2GeUyoGo+cqbzIhQ+IPHyBaNcWXj+E7eIuq2LqK5",
        "ADFF9cI0JuM4YGOlo+dwUsjhsGbJsKnq7IAZ5JJPubCcKREbELLDsXHkDSwn/ddLSQa84QaiAp6U/r1YUpdUbkqin/QrTQPIMYu6",
        "P+q1XE4nscQ6fyvbBo0ngbF3i/A/oAjGOi7m9zMY5GUKci1zc2ZiZXYyZREBAACEZrfQeR5d/ncAORhuCHybalrccvKcCtAC3FHg",
        "f4owvLwuoBofgd9akPJVE+P0ipO8V2W52CvFeuj34UmsLDK9FCAniGM4jsd2b9CIG+o5TI3xkqkQ7n5ZG7aQSM7bJRM4BX6BffVC",
        "X6JOsNIpV40B0uYoFI01+wUobiSGU9JPSu/Zlrv830tEhmDMM+jnj1IQmNh75AX7INu0nZBjtWsMinqZsb4zYvDc4MPIMIJAjb0O",
        "YT+EXCV1PenHwp4f8H4ZwWNxRPfMXpcueD6BxkOqdHD9LvKkiUcfow4c+vJZ7sSUkTcb1XXN5qE4sFKphj5ATOh0nZomof5Da9QT",
        "yjpHjMsZ9lyWK8WUUVPvA0GMuR4Kci16Y2NzZ2dlcxEBAADBCh08bGwZDKmjanFs1obRZI+rtptkPk/sGwLWbAUMCu7ZrEEJxM5M",
        "/usljvHVm1hjym9aBuYnZRFFfwr1/OgtMSjaSpCtRn1SxVKVQWKpBNe6vFcrfLIRCti1AkbQFPBb5r5ZP6U2HojB4koOb2oZU3FZ",
        "LTo/D4Lbp5EUq2iUHgKKssvtNpkCbJnggV+9KvSx4DM2q8I2ASHAk3y1n3f/fbOafsOoZjEKrF1RLsDt+F3PiuczmnhQx8iWCZCX",
        "Qoa1vA1Mf+Bku0xHY5OJIEN9rKDRblE6W4rdJ2lMAuWiAYifOEymKArTz8MMXyq7uGdK/RCXso2rg+6Dih+SUzCN/qM0oF/J2aHI",
        "QmQ35uu8MqYKci1zajVjbWo0ehEBAADfRDad7yOBL9M6OLrPgRwXg4ZvK3K9MYwcMIz1oINV1y/5Y4Pdlewm6PiTjWSO55eGULwB",
        "5eYWsNkIb2VHFW93mTUXDaZvJV4Mt1jErmhiweDSugNnOEq2CQiWixZh/lOg/ZPEdHA3RGD85PGIqNQmSLX1pWYwsNMIgtsDUK1r",
        "WjkZ5pKKmfW9BRvPKAnlQrJx/spFwCDpB1CVOaG1TALlnI6zpinfd53XTayqK4fgBQR0MAf+RvorrYr9KBclHbD34EtdGISf4CW0",
        "WBYRXIHYAWlS9LYVljYL1U4ibFH4AjtxFZZaOXT6f/x9jG0vg+rg0MC40vvAo7l/VsHkyARD4tOa+t+7u8jwphEzua/GP2QKci0y",
        "d2pjaGRtMxECAAAt7XPwZDMouBKTvq/xIgiP7ev2bVs9gHRNHgTabMi8rwqE6ANSMzL1QcNKWEpH70RKg3btSMs9EJCpuumeiJxU",
        "9NAm6/UQZwNOmrFiHg9VeyQXOoOMpner0BbNXLfHJ+0RwmHZXzILIiS5aT/MogJmjhPDFrUtl3gAOGoGU41AXv18C6SdBnWknEOH",
        "4sFlphAcg2osQ1jwShq5IgyEo4N8//YDTj8XwxYkluUFBEJUGPhnC7tfbwc6yG1Q54p4y4fA0LR+cbsBx6A62nQi1cwRKFdDy8Mw",
        "25kFg/HPYqkzOmzcS7Thyf4e6HpA4atuxtGmYlZTKbvCda/qgh3YzdJQYij8+O2nr6RqX2jI9ohUuvIpWBA59EGN4oEuV/fsRE64",
        "QNMH5oGUq10Lcl3XFQSmES4MPvNCA0wuc03mwTmyHYzqGubiEnPf0hePiUnNne+cTF0wS0EmTmrtastq2Y0d4mCVIKexmy2GmwWL",
        "ubxHt/XUzP0+wt5LUDk7hwA9P10qX9psJg5fMeH0J49dvNVn0piVhpTYtPnHb/yZzbToOsAWISs2y+/1FW955cJXYpAFLAXLxqns",
        "tDRcPis7DYW/kkojXjLdCePaUcUDnXt8hgy72TCpA2cFJcF7YRzo2ixCs5kZhi9Vqu8/g4ebJVnYAlaKdsdUuzNmSRAjdYdb/TZm",
        "mj3xrpO2azkHKjMPZKN1ADUAAAAQ+XVVkQunJMte0xQNuDoVxKrygWeB+VqtHi2xTXLfF24XkJj+2erpU9vIXJMo2RVf5HLA7A==",
    ].joined())!)

    /// Record ids and their originals in hex, in sealed order.
    static let expected: [(String, String)] = [
        ("@draft", "ed989cec82b0ec9d9820ec868cec8b9ded86b520eab095ebafb8eca78428eab080ebaa8529ec9d8020eba790ed9688eb8ba42e0d0a4b616e67204d692d6a696e206d657420612074726164657220696e2048796573616e20f09f9982206f6e203230204a756c792e0d0a6e6f2066696e616c206e65776c696e65"),
        ("@pseudonyms", "7b22506572736f6e2041223a224b616e67204d692d6a696e227d"),
        ("r-fav7erny", "ed989cec82b0"),
        ("r-egaihsbk", "eab095ebafb8eca784"),
        ("r-ha7g7sh4", "4b616e67204d692d6a696e"),
        ("r-ssfbev2e", "48796573616e"),
        ("r-zccsgges", "3230204a756c79"),
        ("r-sj5cmj4z", ""),
        ("r-2wjchdm3", "6c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c206c6f6e67206f726967696e616c20"),
    ]

    static let publishedHash = "949ddf7ef9b282e05946b9444d2e33e906322abae1e2da8ed1c6f9a09faadc52"

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    func testVersion1VaultStillOpens() throws {
        let key = try KeyFile.decode(Self.keyFile, passphrase: Self.passphrase)
        let opened = try Vault.open(Self.vault, identity: key)
        XCTAssertEqual(opened.records.map(\.id), Self.expected.map(\.0))
        XCTAssertEqual(opened.records.map { Self.hex($0.content.copyBytes()) }, Self.expected.map(\.1))
        XCTAssertEqual(Self.hex(opened.publishedTextHash), Self.publishedHash)
        XCTAssertEqual(try Vault.summary(Self.vault), VaultSummary(version: 1, recipientCount: 2, recordCount: Self.expected.count))
    }

    /// The public-key text encoding agrees with the independent Python encoder
    /// (tools/vault_reader.py `encode_public_key(bytes(range(32)))`).
    func testPublicKeyEncodingVector() throws {
        let pk = PublicKey(rawBytes: Array(0..<32))!
        XCTAssertEqual(pk.encoded, "veilpk1aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dyp2m2qhgtrk2obc")
        XCTAssertEqual(try PublicKey(encoded: pk.encoded), pk)
    }
}
