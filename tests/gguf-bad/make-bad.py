#!/usr/bin/env python3
"""Writes the malformed GGUF regression files of this directory, one per
class of the GGUF parser vulnerabilities in research/gguf.md section 3 (and
ggml's own tests/test-gguf.cpp list). Each starts as a small valid llama
header and breaks one thing. Run from this directory: python3 make-bad.py.
The files are committed; this script documents how each was made."""
import struct

U8, I8, U16, I16, U32, I32, F32, BOOL, STR, ARR, U64, I64, F64 = range(13)

def s(x):
    b = x.encode() if isinstance(x, str) else x
    return struct.pack('<Q', len(b)) + b

def kv(key, t, payload):
    return s(key) + struct.pack('<I', t) + payload

def u32(key, v):
    return kv(key, U32, struct.pack('<I', v))

def base_kvs():
    return [kv('general.architecture', STR, s('llama')),
            u32('llama.block_count', 1), u32('llama.embedding_length', 32),
            u32('llama.attention.head_count', 4), u32('llama.context_length', 256)]

def tinfo(name, dims, ttype, off):
    return s(name) + struct.pack('<I', len(dims)) + b''.join(struct.pack('<Q', d) for d in dims) + \
        struct.pack('<IQ', ttype, off)

def good_tensors():
    # two F32 tensors of 32 floats (128 bytes, aligned to 32)
    return [tinfo('token_embd.weight', [32, 1], 0, 0), tinfo('output_norm.weight', [32], 0, 128)]

def gguf(kvs=None, tensors=None, n_kv=None, n_t=None, version=3, data=256, magic=b'GGUF', align=32):
    kvs = base_kvs() if kvs is None else kvs
    tensors = good_tensors() if tensors is None else tensors
    h = magic + struct.pack('<IQQ', version, len(tensors) if n_t is None else n_t,
                            len(kvs) if n_kv is None else n_kv)
    h += b''.join(kvs) + b''.join(tensors)
    h += b'\0' * ((-len(h)) % align)
    return h + b'\0' * data

files = {}
files['ok-minimal.gguf'] = gguf()  # the valid base: must parse (exit 0)
# header
files['bad-magic.gguf'] = gguf(magic=b'GGUG')
files['version-1.gguf'] = gguf(version=1)
files['version-4-future.gguf'] = gguf(version=4)
files['version-0.gguf'] = gguf(version=0)
files['truncated-header.gguf'] = gguf()[:20]
# CVE-2024-23605: n_kv so large that n_kv * sizeof(kv) wraps
files['cve-2024-23605-n-kv-wraps.gguf'] = gguf(n_kv=0x0800000000000001)
# CVE-2024-21836: the same for the tensor infos
files['cve-2024-21836-n-tensors-wraps.gguf'] = gguf(n_t=0x0400000000000001)
files['n-kv-negative.gguf'] = gguf(n_kv=0xFFFFFFFFFFFFFFFF)
# CVE-2024-23496: a string length of SIZE_MAX (calloc(n + 1) gets 0)
files['cve-2024-23496-key-length-size-max.gguf'] = gguf(
    kvs=[struct.pack('<Q', 0xFFFFFFFFFFFFFFFF) + b'general.architecture'] + base_kvs()[1:])
files['string-value-length-past-eof.gguf'] = gguf(
    kvs=[kv('general.architecture', STR, struct.pack('<Q', 1 << 40) + b'llama')] + base_kvs()[1:])
files['key-empty.gguf'] = gguf(kvs=[kv('', U32, struct.pack('<I', 1))] + base_kvs())
# CVE-2024-21825: array of strings whose count or lengths overflow
files['cve-2024-21825-string-array-count.gguf'] = gguf(
    kvs=base_kvs() + [kv('tokenizer.ggml.tokens', ARR, struct.pack('<IQ', STR, 0x2000000000000001) + s('a'))])
files['cve-2024-21825-string-array-element-length.gguf'] = gguf(
    kvs=base_kvs() + [kv('tokenizer.ggml.tokens', ARR, struct.pack('<IQ', STR, 2) + s('a') +
                         struct.pack('<Q', 0xFFFFFFFFFFFFFFF0) + b'b')])
# gguf-py PR 27188: a 43-byte file whose array length is 2^63 (hung the reader)
files['gguf-py-27188-array-2-63.gguf'] = (b'GGUF' + struct.pack('<IQQ', 3, 0, 1) + s('a') +
                                          struct.pack('<IIQ', ARR, U8, 1 << 63) + b'\0' * 3)
files['array-nested.gguf'] = gguf(
    kvs=base_kvs() + [kv('x.nested', ARR, struct.pack('<IQ', ARR, 1) + struct.pack('<IQ', U8, 1) + b'\1')])
files['array-u32-count-overflows.gguf'] = gguf(
    kvs=base_kvs() + [kv('llama.attention.head_count_kv', ARR, struct.pack('<IQ', U32, 0x4000000000000001))])
# oss-sec 2026-05-15 V-04: an out-of-range value type
files['value-type-0x7fffffff.gguf'] = gguf(kvs=base_kvs() + [kv('x', 0x7FFFFFFF, b'\0' * 8)])
files['array-element-type-13.gguf'] = gguf(kvs=base_kvs() + [kv('x', ARR, struct.pack('<IQ', 13, 1) + b'\0')])
files['duplicate-key.gguf'] = gguf(kvs=base_kvs() + [u32('llama.block_count', 2)])
# alignment (V-01: 2^31, no upper bound in ggml; not a power of two; zero;
# the wrong type: ggml wants a u32)
files['alignment-2-31.gguf'] = gguf(kvs=base_kvs() + [u32('general.alignment', 1 << 31)])
files['alignment-3.gguf'] = gguf(kvs=base_kvs() + [u32('general.alignment', 3)])
files['alignment-0.gguf'] = gguf(kvs=base_kvs() + [u32('general.alignment', 0)])
files['alignment-type-u64.gguf'] = gguf(kvs=base_kvs() + [kv('general.alignment', U64, struct.pack('<Q', 32))])
# tensor infos
files['tensor-name-64-bytes.gguf'] = gguf(tensors=[tinfo('t' * 64, [32], 0, 0)])
files['tensor-name-length-size-max.gguf'] = gguf(
    tensors=[struct.pack('<Q', 0xFFFFFFFFFFFFFFFF) + b'x' + struct.pack('<I', 1)])
# CVE-2024-21802 / gguf-tools 25: n_dims above 4 (and above 8) writes past ne[]
files['cve-2024-21802-n-dims-5.gguf'] = gguf(tensors=[tinfo('a', [32, 1, 1, 1, 1], 0, 0)])
files['gguf-tools-25-n-dims-9.gguf'] = gguf(tensors=[tinfo('a', [1] * 9, 0, 0)])
files['cve-2024-21802-ne-product-overflows.gguf'] = gguf(tensors=[tinfo('a', [1 << 32, 1 << 32], 0, 0)])
files['ne-negative.gguf'] = gguf(tensors=[tinfo('a', [32, 0xFFFFFFFFFFFFFFFF], 0, 0)])
# CVE-2026-33298: type_size * ne wraps (an exabyte tensor on a tiny buffer)
files['cve-2026-33298-nbytes-wraps.gguf'] = gguf(tensors=[tinfo('a', [1 << 62], 0, 0)])
# CVE-2025-53630 / CVE-2026-27940: the running data size wraps
files['cve-2025-53630-data-size-wraps.gguf'] = gguf(
    tensors=[tinfo('a', [1 << 60], 0, 0), tinfo('b', [1 << 60], 0, 1 << 62)])
# V-05: a removed type (block size 0, used as a divisor) and an unknown one
files['tensor-type-4-removed.gguf'] = gguf(tensors=[tinfo('a', [32], 4, 0)])
files['tensor-type-43-unknown.gguf'] = gguf(tensors=[tinfo('a', [32], 43, 0)])
files['tensor-row-not-block-multiple.gguf'] = gguf(tensors=[tinfo('a', [33], 2, 0)])
files['tensor-offset-not-sequential.gguf'] = gguf(
    tensors=[tinfo('token_embd.weight', [32, 1], 0, 0), tinfo('output_norm.weight', [32], 0, 96)])
files['tensor-offset-unaligned.gguf'] = gguf(
    tensors=[tinfo('a', [3], 0, 0), tinfo('b', [32], 0, 12)])
files['duplicate-tensor-name.gguf'] = gguf(
    tensors=[tinfo('a', [32], 0, 0), tinfo('a', [32], 0, 128)])
# ggml cuts a tensor name at a NUL (ggml_set_name), so these two are one name
files['duplicate-tensor-name-after-nul.gguf'] = gguf(
    tensors=[tinfo(b'a\0x', [32], 0, 0), tinfo(b'a\0y', [32], 0, 128)])
# CVE-2026-7482: tensor offset + size beyond the end of the file
files['cve-2026-7482-tensor-past-eof.gguf'] = gguf(data=64)
# type confusion (huntr 2026: scores stored as INT8, read as f32)
files['type-confusion-scores-i8.gguf'] = gguf(
    kvs=base_kvs() + [kv('tokenizer.ggml.tokens', ARR, struct.pack('<IQ', STR, 2) + s('a') + s('b')),
                      kv('tokenizer.ggml.scores', ARR, struct.pack('<IQ', I8, 2) + b'\1\2')])
files['type-confusion-block-count-string.gguf'] = gguf(
    kvs=[base_kvs()[0], kv('llama.block_count', STR, s('32'))] + base_kvs()[2:])
files['type-confusion-architecture-u32.gguf'] = gguf(kvs=[u32('general.architecture', 7)] + base_kvs()[1:])
files['head-count-kv-array-wrong-length.gguf'] = gguf(
    kvs=base_kvs() + [kv('llama.attention.head_count_kv', ARR, struct.pack('<IQ', U32, 3) + b'\1\0\0\0' * 3)])
files['block-count-huge.gguf'] = gguf(kvs=[base_kvs()[0], u32('llama.block_count', 0xFFFFFFFF)] + base_kvs()[2:])


def big_endian(version):
    # ok-minimal written big-endian: every number byte-swapped
    def bs(x):
        b = x.encode() if isinstance(x, str) else x
        return struct.pack('>Q', len(b)) + b
    kvs = [bs('general.architecture') + struct.pack('>I', STR) + bs('llama')]
    for k, v in [('llama.block_count', 1), ('llama.embedding_length', 32),
                 ('llama.attention.head_count', 4), ('llama.context_length', 256)]:
        kvs.append(bs(k) + struct.pack('>II', U32, v))
    ts = [bs('token_embd.weight') + struct.pack('>IQQIQ', 2, 32, 1, 0, 0),
          bs('output_norm.weight') + struct.pack('>IQIQ', 1, 32, 0, 128)]
    h = b'GGUF' + struct.pack('>IQQ', version, len(ts), len(kvs)) + b''.join(kvs) + b''.join(ts)
    return h + b'\0' * ((-len(h)) % 32) + b'\0' * 256

# ggml refuses a big-endian file (gguf.cpp: the version's low 16 bits are 0)
files['big-endian-v3.gguf'] = big_endian(3)
files['big-endian-v2.gguf'] = big_endian(2)

for name, data in sorted(files.items()):
    open(name, 'wb').write(data)
print(len(files), 'files')

# ../gguf-odd: files ggml's reader and llama.cpp's loader accept although
# they are odd; headroom accepts them too, with a note. The name up to the
# first '--' is the note's id.
odd = {}
odd['bool-value--2.gguf'] = gguf(kvs=base_kvs() + [kv('x.flag', BOOL, b'\2')])
odd['bool-value--ff.gguf'] = gguf(kvs=base_kvs() + [kv('x.flag', BOOL, b'\xff')])
odd['bool-value--in-array.gguf'] = gguf(
    kvs=base_kvs() + [kv('x.flags', ARR, struct.pack('<IQ', BOOL, 3) + b'\0\1\x80')])
odd['key-nul--inside.gguf'] = gguf(kvs=base_kvs() + [u32(b'x.na\0me', 1)])
# equal up to the NUL, different after it: two keys to ggml (std::string ==)
odd['key-nul--twins.gguf'] = gguf(kvs=base_kvs() + [u32(b'x.a\0b', 1), u32(b'x.a\0c', 2)])
# ggml finds a key by the part before the NUL (gguf_find_key uses strcmp)
odd['key-nul--architecture.gguf'] = gguf(
    kvs=[kv(b'general.architecture\0old', STR, s('llama'))] + base_kvs()[1:])
odd['tensor-name-nul--output-norm.gguf'] = gguf(
    tensors=[tinfo('token_embd.weight', [32, 1], 0, 0), tinfo(b'output_norm.weight\0x', [32], 0, 128)])
odd['long-key--65536.gguf'] = gguf(kvs=base_kvs() + [u32('x.' + 'k' * 65534, 1)])
# a zero dimension: no elements, whatever the product of the others
odd['zero-tensor--huge-dims.gguf'] = gguf(
    tensors=good_tensors() + [tinfo('e', [1 << 62, 1 << 62, 0, 1], 0, 256)], data=256)
odd['zero-tensor--row-0.gguf'] = gguf(
    tensors=good_tensors() + [tinfo('e', [0, 1 << 40], 0, 256)], data=256)
for name, data in sorted(odd.items()):
    open('../gguf-odd/' + name, 'wb').write(data)
print(len(odd), 'files in ../gguf-odd')
