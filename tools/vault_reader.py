#!/usr/bin/env python3
"""Independent reader of Veil key files and SRCVLT v1 and v2 vaults, written from docs/vault-format.md
with PyNaCl (pip install pynacl). It shares no code with the Swift implementation.

    tools/vault_reader.py --key editor.key --passphrase-env VAR VAULT            # records as TSV (hex)
    tools/vault_reader.py --key editor.key --passphrase-env VAR VAULT --draft    # the @draft record, raw
    tools/vault_reader.py --pubkey "veilpk1..."                                  # checks a key line
    tools/vault_reader.py --key editor.key --passphrase-env VAR VAULT --signer reporter.sign.pub   # signature required

Records are printed as `id<TAB>hex(content)`, then `published<TAB>hex(hash)`. Exit status:
0 ok, 2 usage (bad key line, missing file), 3 wrong passphrase or not a recipient, 4 verification
or format failure (damaged, truncated, unknown version, Argon2 cost above the cap, bad or missing
signature with --signer), as in docs/vault-format.md "Failure classes".
"""
import argparse
import os
import struct
import sys

import nacl.bindings as b
import nacl.exceptions
import nacl.hash
import nacl.encoding
import nacl.pwhash.argon2id


class Refused(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def blake2b256(data, key=b""):
    return nacl.hash.blake2b(data, digest_size=32, key=key, encoder=nacl.encoding.RawEncoder)


class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise Refused(4, "truncated")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def u8(self):
        return self.take(1)[0]

    def u16(self):
        return struct.unpack("<H", self.take(2))[0]

    def u32(self):
        return struct.unpack("<I", self.take(4))[0]

    def u64(self):
        return struct.unpack("<Q", self.take(8))[0]


# --- section 1: public keys -------------------------------------------------------------------

B32 = "abcdefghijklmnopqrstuvwxyz234567"


def b32encode(data):
    bits, value, out = 0, 0, []
    for byte in data:
        value = (value << 8) | byte
        bits += 8
        while bits >= 5:
            out.append(B32[(value >> (bits - 5)) & 31])
            bits -= 5
    if bits:
        out.append(B32[(value << (5 - bits)) & 31])
    return "".join(out)


def b32decode(text):
    bits, value, out = 0, 0, bytearray()
    for ch in text.lower():
        idx = B32.find(ch)
        if idx < 0:
            raise Refused(2, "public key: invalid character")
        value = (value << 5) | idx
        bits += 5
        if bits >= 8:
            out.append((value >> (bits - 8)) & 0xFF)
            bits -= 8
    if bits >= 5 or value & ((1 << bits) - 1):
        raise Refused(2, "public key: bad length")
    return bytes(out)


def parse_public_key(line, prefix="veilpk1"):
    line = line.strip(" \t\r\n")
    if not line.lower().startswith(prefix):
        raise Refused(2, "not a %s key" % prefix)
    raw = b32decode(line[len(prefix):])
    if len(line) != len(prefix) + 64 or len(raw) != 40:
        raise Refused(2, "public key: bad length")
    pk, check = raw[:32], raw[32:]
    if not b.sodium_memcmp(blake2b256(prefix.encode() + pk)[:8], check):
        raise Refused(2, "public key: checksum mismatch")
    return pk


def read_key_argument(text, prefix):
    if not text.strip().lower().startswith(prefix):
        with open(text) as f:
            text = next(l for l in f if l.strip() and not l.startswith("#"))
    return parse_public_key(text, prefix)


def encode_public_key(pk):
    return "veilpk1" + b32encode(pk + blake2b256(b"veilpk1" + pk)[:8])


# --- section 2: passphrase boxes ----------------------------------------------------------------

def open_box(data, passphrase, magic):
    r = Reader(data)
    m = r.take(8)
    if m != magic:
        if m[:7] == magic[:7]:
            raise Refused(4, "unsupported sealed-file version %d" % m[7])
        raise Refused(4, "not a sealed file of the expected kind")
    alg, ops, mem = r.u8(), r.u32(), r.u64()
    salt, nonce = r.take(16), r.take(24)
    # Section 2: checked before any derivation.
    if alg != 2 or not (1 <= ops <= 16) or not (8192 <= mem <= 1 << 30) or ops * mem > 16 * 3 * (256 << 20):
        raise Refused(4, "unsupported key-derivation parameters")
    ciphertext = data[61:]
    if len(ciphertext) < 16:
        raise Refused(4, "sealed file cut short")
    key = nacl.pwhash.argon2id.kdf(32, passphrase, salt, opslimit=ops, memlimit=mem)
    try:
        return b.crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, data[:61], nonce, key)
    except nacl.exceptions.CryptoError:
        raise Refused(3, "wrong passphrase (or the file was altered)")


def open_key_file(data, passphrase):
    sk = open_box(data, passphrase, b"SRCKEY\x00\x01")
    if len(sk) != 32:
        raise Refused(4, "key file holds no 32-byte key")
    return sk, b.crypto_scalarmult_base(sk)


# --- section 3: the vault ----------------------------------------------------------------------

def padme(length):
    if length < 2:
        return length
    e = length.bit_length() - 1
    s = e.bit_length()
    mask = (1 << (e - s)) - 1
    return (length + mask) & ~mask


def find_file_key(stanzas, sk, pk):
    for stanza in stanzas:
        try:
            key = b.crypto_box_seal_open(stanza, pk, sk)
            if len(key) == 32:
                return key
        except nacl.exceptions.CryptoError:
            continue
    raise Refused(3, "not a recipient")


def open_vault_v2(data, r, sk, pk, signer):
    suite, flags, reserved = r.u8(), r.u8(), r.u16()
    r.take(16)  # doc_id
    n = r.u8()
    if suite != 1 or flags not in (0, 1) or reserved != 0 or not (1 <= n <= 8):
        raise Refused(4, "malformed vault header")
    stanzas = [r.take(80) for _ in range(n)]
    ss_header = r.take(24)
    mac_end = r.pos
    header_mac = r.take(32)
    clen = r.u32()
    if clen < 512 + 17:
        raise Refused(4, "sealed body too short")
    body = r.take(clen)
    signature = None
    sig_offset = r.pos
    if flags & 1:
        signature = r.take(64)
    if r.pos != len(data):
        raise Refused(4, "bytes after the sealed body")
    if signer is not None:
        if signature is None:
            raise Refused(4, "the vault is not signed")
        try:
            b.crypto_sign_open(signature + b"SRCVLT2/sig" + data[:sig_offset], signer)
        except nacl.exceptions.BadSignatureError:
            raise Refused(4, "bad signature")
    file_key = find_file_key(stanzas, sk, pk)
    k_mac = blake2b256(b"SRCVLT2/mac", key=file_key)
    k_stream = blake2b256(b"SRCVLT2/stream", key=file_key)
    if not b.sodium_memcmp(blake2b256(data[:mac_end], key=k_mac), header_mac):
        raise Refused(4, "header MAC mismatch")
    state = b.crypto_secretstream_xchacha20poly1305_state()
    b.crypto_secretstream_xchacha20poly1305_init_pull(state, ss_header, k_stream)
    try:
        plain, tag = b.crypto_secretstream_xchacha20poly1305_pull(state, body, b"SRCVLT2/b" + header_mac)
    except nacl.exceptions.CryptoError:
        raise Refused(4, "sealed body failed authentication")
    if tag != b.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
        raise Refused(4, "sealed body is not the final message")
    p = Reader(plain)
    count = p.u32()
    out, seen = [], set()
    for _ in range(count):
        pid_len = p.u8()
        pid = p.take(pid_len)
        if pid_len == 0 or any(c < 0x21 or c > 0x7E for c in pid) or pid in seen:
            raise Refused(4, "invalid record id")
        seen.add(pid)
        out.append((pid.decode("ascii"), p.take(p.u32())))
    published = p.take(32)
    if p.u8() != 0x80 or any(plain[p.pos:]) or len(plain) != padme(max(p.pos, 512)):
        raise Refused(4, "bad padding")
    return out, published, signature is not None


def open_vault(data, sk, pk, signer=None):
    r = Reader(data)
    if r.take(7) != b"SRCVLT\x00":
        raise Refused(4, "not a Veil vault")
    version = r.u8()
    if version == 2:
        return open_vault_v2(data, r, sk, pk, signer)
    if version != 1:
        raise Refused(4, "unsupported vault version %d" % version)
    if signer is not None:
        raise Refused(4, "the vault is not signed (version 1)")
    suite, flags, pad_block = r.u8(), r.u8(), r.u16()
    r.take(16)  # doc_id
    n = r.u8()
    if suite != 1 or flags != 0 or pad_block < 16 or not (1 <= n <= 8):
        raise Refused(4, "malformed vault header")
    stanzas = [r.take(80) for _ in range(n)]
    ss_header = r.take(24)
    mac_end = r.pos
    header_mac = r.take(32)

    # Step 2: structural walk.
    records = []
    while True:
        pid_len = r.u8()
        pid = r.take(pid_len)
        clen = r.u32()
        if clen < 17:
            raise Refused(4, "record too short")
        ciphertext = r.take(clen)
        if any(c < 0x21 or c > 0x7E for c in pid):
            raise Refused(4, "invalid record id")
        records.append((pid, ciphertext))
        if pid_len == 0:
            if r.pos != len(data):
                raise Refused(4, "bytes after the final record")
            break

    # Step 3: find our stanza.
    file_key = find_file_key(stanzas, sk, pk)

    # Step 4: header MAC.
    k_mac = blake2b256(b"SRCVLT1/mac", key=file_key)
    k_stream = blake2b256(b"SRCVLT1/stream", key=file_key)
    if not b.sodium_memcmp(blake2b256(data[:mac_end], key=k_mac), header_mac):
        raise Refused(4, "header MAC mismatch")

    # Steps 5-6: pull every record.
    state = b.crypto_secretstream_xchacha20poly1305_state()
    b.crypto_secretstream_xchacha20poly1305_init_pull(state, ss_header, k_stream)
    out, seen = [], set()
    for i, (pid, ciphertext) in enumerate(records):
        final = i == len(records) - 1
        if final:
            ad = b"SRCVLT1/f" + header_mac
        else:
            ad = b"SRCVLT1/e" + header_mac + struct.pack("<IB", i, len(pid)) + pid
        try:
            plain, tag = b.crypto_secretstream_xchacha20poly1305_pull(state, ciphertext, ad)
        except nacl.exceptions.CryptoError:
            raise Refused(4, "record %d failed authentication" % i)
        if final:
            if tag != b.crypto_secretstream_xchacha20poly1305_TAG_FINAL or len(plain) != 36:
                raise Refused(4, "bad final record")
            count = struct.unpack("<I", plain[:4])[0]
            if count != len(records) - 1:
                raise Refused(4, "record count mismatch")
            published = plain[4:]
        else:
            if tag != b.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE or pid in seen:
                raise Refused(4, "bad record %d" % i)
            seen.add(pid)
            try:
                content = b.sodium_unpad(plain, pad_block)
            except Exception:
                raise Refused(4, "bad padding")
            out.append((pid.decode("ascii"), content))
    return out, published, False


def passphrase_from(args):
    if args.passphrase_env:
        value = os.environb.get(args.passphrase_env.encode())
        if value is None:
            raise Refused(2, "environment variable %s is not set" % args.passphrase_env)
        return value
    if args.passphrase_fd is not None:
        line = b""
        while True:
            ch = os.read(args.passphrase_fd, 1)
            if not ch or ch == b"\n":
                break
            line += ch
        return line[:-1] if line.endswith(b"\r") else line
    import getpass
    return getpass.getpass("Passphrase: ").encode()


def main():
    p = argparse.ArgumentParser(description="Independent reader of Veil vaults (docs/vault-format.md).")
    p.add_argument("vault", nargs="?")
    p.add_argument("--key", help="editor key file")
    p.add_argument("--passphrase-env")
    p.add_argument("--passphrase-fd", type=int)
    p.add_argument("--draft", action="store_true", help="write the @draft record's bytes to stdout")
    p.add_argument("--pubkey", help="check a veilpk1 line (or .pub file) and print it re-encoded")
    p.add_argument("--signer", help="a veilsig1 line or .pub file: the vault must carry its signature")
    p.add_argument("--show-pub", action="store_true", help="print the key file's public key line")
    args = p.parse_args()
    try:
        if args.pubkey:
            print(encode_public_key(read_key_argument(args.pubkey, "veilpk1")))
            return 0
        signer = read_key_argument(args.signer, "veilsig1") if args.signer else None
        if not args.key:
            raise Refused(2, "--key is required")
        with open(args.key, "rb") as f:
            sk, pk = open_key_file(f.read(), passphrase_from(args))
        if args.show_pub:
            print(encode_public_key(pk))
        if not args.vault:
            return 0
        with open(args.vault, "rb") as f:
            records, published, signed = open_vault(f.read(), sk, pk, signer)
        if args.draft:
            draft = [c for i, c in records if i == "@draft"]
            if not draft:
                raise Refused(4, "no @draft record")
            sys.stdout.buffer.write(draft[0])
        else:
            for rid, content in records:
                print("%s\t%s" % (rid, content.hex()))
            print("published\t%s" % published.hex())
        return 0
    except Refused as e:
        print("vault_reader: error: %s" % e, file=sys.stderr)
        return e.status
    except OSError as e:
        print("vault_reader: error: %s" % e.strerror, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
