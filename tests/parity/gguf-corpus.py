#!/usr/bin/env python3
"""Generate a differential-test corpus of GGUF files.

Usage:
    python3 tests/parity/gguf-corpus.py --seed 20261203 --out DIR

Writes DIR/<class>/<NNNN>.gguf and DIR/index.tsv (one line per file:
relative path, class, one-line description), then prints
"N files in M classes" on stdout.

The corpus holds:
  * valid-random: random well-formed GGUF v3 (and some v2) files with every
    scalar and array value type, UTF-8 and empty strings, 0-8 tensors of
    every supported ggml type, several alignments;
  * one class per corruption exercised by llama.cpp's tests/test-gguf.cpp
    (bad magic, bad version, huge counts, bad key sizes, bad value types,
    duplicate keys, bad alignment, bad tensor names / dims / shapes / types /
    offsets, missing tensor data ...), each applied to random valid base files;
    see https://github.com/ggml-org/llama.cpp/blob/master/tests/test-gguf.cpp
    (the classes mirror that test's list; the code here is independent);
  * classes on which some known GGUF reader disagrees with ggml (bool bytes
    other than 0/1, NUL bytes in keys and tensor names, very long keys,
    zero-element tensors with huge other dimensions, big-endian files,
    tensor element counts that wrap around in 64-bit arithmetic);
  * truncations: valid files cut at every field boundary and at a few random
    byte positions.

Output is fully deterministic: every random choice comes from
random.Random seeded from --seed (one derived stream per class); nothing
reads the clock or os.urandom.  Python 3 standard library only.
"""

import argparse
import os
import random
import struct
import sys
import time

M64 = (1 << 64) - 1

# value types
T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_F32, T_BOOL, T_STR, T_ARR, \
    T_U64, T_I64, T_F64 = range(13)
SCALAR_FMT = {T_U8: 'B', T_I8: 'b', T_U16: 'H', T_I16: 'h', T_U32: 'I',
              T_I32: 'i', T_F32: 'f', T_BOOL: 'B', T_U64: 'Q', T_I64: 'q',
              T_F64: 'd'}
TYPE_NAME = {T_U8: 'u8', T_I8: 'i8', T_U16: 'u16', T_I16: 'i16',
             T_U32: 'u32', T_I32: 'i32', T_F32: 'f32', T_BOOL: 'bool',
             T_STR: 'string', T_ARR: 'array', T_U64: 'u64', T_I64: 'i64',
             T_F64: 'f64'}
ELEM_TYPES = [t for t in range(13) if t != T_ARR]

# ggml types: id -> (name, block size, type size)
GGML = {0: ('F32', 1, 4), 1: ('F16', 1, 2), 2: ('Q4_0', 32, 18),
        3: ('Q4_1', 32, 20), 6: ('Q5_0', 32, 22), 7: ('Q5_1', 32, 24),
        8: ('Q8_0', 32, 34), 10: ('Q2_K', 256, 84), 11: ('Q3_K', 256, 110),
        12: ('Q4_K', 256, 144), 13: ('Q5_K', 256, 176),
        14: ('Q6_K', 256, 210), 24: ('I8', 1, 1), 25: ('I16', 1, 2),
        26: ('I32', 1, 4), 27: ('I64', 1, 8), 28: ('F64', 1, 8),
        30: ('BF16', 1, 2)}
GGML_IDS = sorted(GGML)
BLOCK1_IDS = [t for t in GGML_IDS if GGML[t][1] == 1]

MAX_DATA_WRITTEN = 1 << 20   # never write more tensor data than this


def pad(n, a):
    return (n + a - 1) // a * a if a > 0 else n


def tensor_nbytes(t):
    """Exact byte size of a tensor (Python int), or None if not computable."""
    info = GGML.get(t['type'])
    if info is None:
        return None
    _, blk, tsz = info
    dims = t['dims']
    if any(d < 0 for d in dims):
        return None
    ne0 = dims[0] if dims else 1
    if ne0 % blk:
        return None
    n = ne0 // blk * tsz
    for d in dims[1:]:
        n *= d
    return n


def dims_str(dims):
    out = []
    for d in dims:
        if d >= 1 << 20 and d & (d - 1) == 0:
            out.append('2^%d' % (d.bit_length() - 1))
        elif d < 0 and d >= -(1 << 63) and (-d) & (-d - 1) == 0 and d <= -(1 << 20):
            out.append('-2^%d' % ((-d).bit_length() - 1))
        else:
            out.append(str(d))
    return '[' + ','.join(out) + ']'


def tname(tid):
    return GGML[tid][0] if tid in GGML else 'type%d' % tid


# ---------------------------------------------------------------------------
# serialisation

class Writer:
    def __init__(self, be):
        self.e = '>' if be else '<'
        self.b = bytearray()
        self.marks = []

    def raw(self, bs):
        self.b += bs

    def p(self, fmt, v):
        self.b += struct.pack(self.e + fmt, v)

    def mark(self, label):
        self.marks.append((len(self.b), label))


def put_str(w, s):
    w.p('Q', len(s))
    w.raw(s)


def put_scalar(w, typ, v):
    w.p(SCALAR_FMT[typ], v)


def put_value(w, kv, label):
    typ = kv['type']
    v = kv['value']
    if typ == T_STR:
        w.p('Q', len(v))
        w.mark(label + '.len')
        w.raw(v)
    elif typ == T_ARR:
        et = kv['etype']
        w.p('I', et)
        w.mark(label + '.etype')
        w.p('Q', kv.get('count', len(v)) & M64)
        w.mark(label + '.count')
        for i, e in enumerate(v):
            if et == T_STR:
                w.p('Q', len(e))
                if i < 2:
                    w.mark('%s[%d].len' % (label, i))
                w.raw(e)
            else:
                put_scalar(w, et, e)
            if i < 2:
                w.mark('%s[%d]' % (label, i))
    else:
        put_scalar(w, typ, v)


def layout_alignment(spec):
    if spec.get('layout_align'):
        return spec['layout_align']
    for kv in spec['kvs']:
        if kv['key'] == b'general.alignment' and kv['type'] == T_U32 \
                and 'raw' not in kv:
            a = kv['value']
            if a > 0 and a & (a - 1) == 0:
                return a
            return 32
    return 32


def build(spec):
    """Serialise a spec. Returns (bytes, marks, info)."""
    w = Writer(spec.get('be', False))
    w.raw(spec.get('magic', b'GGUF'))
    w.mark('magic')
    w.p('I', spec.get('version', 3))
    w.mark('version')
    kvs = spec['kvs']
    tensors = spec['tensors']
    nt = spec.get('n_tensors')
    nk = spec.get('n_kv')
    w.p('Q', (len(tensors) if nt is None else nt) & M64)
    w.mark('n_tensors')
    w.p('Q', (len(kvs) if nk is None else nk) & M64)
    w.mark('n_kv')
    for i, kv in enumerate(kvs):
        lab = 'kv[%d]' % i
        k = kv['key']
        w.p('Q', kv.get('keylen', len(k)) & M64)
        w.mark(lab + '.key_len')
        w.raw(k)
        w.mark(lab + '.key')
        w.p('I', kv.get('wtype', kv['type']))
        w.mark(lab + '.type')
        if 'raw' in kv:
            w.raw(kv['raw'])
        else:
            put_value(w, kv, lab + '.value')
        w.mark(lab + '.value')
    align = layout_alignment(spec)
    cur = 0
    offsets = []
    sizes = []
    for t in tensors:
        nb = tensor_nbytes(t)
        if nb is None and t['type'] in GGML and all(d >= 0 for d in t['dims']):
            # row not a block multiple: round up so the offsets stay plausible
            _, blk, tsz = GGML[t['type']]
            nb = -(-t['dims'][0] // blk) * tsz
            for d in t['dims'][1:]:
                nb *= d
        nb = nb or 0
        sizes.append(nb)
        offsets.append(cur)
        cur += pad(nb, align)
    for i, t in enumerate(tensors):
        lab = 't[%d]' % i
        nm = t['name']
        w.p('Q', t.get('namelen', len(nm)) & M64)
        w.mark(lab + '.name_len')
        w.raw(nm)
        w.mark(lab + '.name')
        dims = t['dims']
        w.p('I', t.get('n_dims', len(dims)) & 0xffffffff)
        w.mark(lab + '.n_dims')
        for j, d in enumerate(dims):
            w.p('Q', d & M64)
            w.mark('%s.ne[%d]' % (lab, j))
        w.p('I', t['type'] & 0xffffffff)
        w.mark(lab + '.type')
        off = t.get('offset', offsets[i])
        w.p('Q', off & M64)
        w.mark(lab + '.offset')
    info = {'align': align, 'tensor_ends': []}
    w.raw(b'\0' * (pad(len(w.b), align) - len(w.b)))
    w.mark('padding')
    info['data_start'] = len(w.b)
    written = 0
    for i, nb in enumerate(sizes):
        if written + pad(nb, align) > MAX_DATA_WRITTEN:
            break
        w.raw(b'\0' * nb)
        w.mark('t[%d].data' % i)
        info['tensor_ends'].append(len(w.b))
        w.raw(b'\0' * (pad(nb, align) - nb))
        w.mark('t[%d].data_pad' % i)
        written += pad(nb, align)
    info['data_end'] = len(w.b)
    data = bytes(w.b) + spec.get('tail', b'')
    cut = spec.get('cut')
    if cut is not None:
        data = data[:cut]
    return data, w.marks, info


# ---------------------------------------------------------------------------
# random valid content

STRINGS = ['', 'llama', 'hello world', 'h\u00e9llo w\u00f6rld', '\u65e5\u672c\u8a9e',
           '\u043f\u0440\u0438\u0432\u0435\u0442', 'emoji \U0001f999\U0001f600',
           '\u0645\u0631\u062d\u0628\u0627', 'tab\there', 'line\nbreak', ' ',
           'MIT', 'a' * 63, '<s>', '</s>', '\u2581the', 'x' * 200,
           'quote"s and \\backslash', '\u00ff\u0100\uffff']
KEY_POOL = ['general.name', 'general.author', 'general.description',
            'general.license', 'general.file_type', 'general.quantization_version',
            'general.url', 'general.basename', 'general.size_label',
            'llama.context_length', 'llama.embedding_length', 'llama.block_count',
            'llama.feed_forward_length', 'llama.attention.head_count',
            'llama.attention.head_count_kv', 'llama.rope.freq_base',
            'llama.attention.layer_norm_rms_epsilon', 'llama.vocab_size',
            'tokenizer.ggml.model', 'tokenizer.ggml.tokens', 'tokenizer.ggml.scores',
            'tokenizer.ggml.token_type', 'tokenizer.ggml.bos_token_id',
            'tokenizer.ggml.eos_token_id', 'tokenizer.ggml.add_bos_token',
            'tokenizer.chat_template', 'split.count', 'split.no']


def rand_str(rng):
    if rng.random() < 0.7:
        return rng.choice(STRINGS).encode('utf-8')
    n = rng.randrange(0, 24)
    return ''.join(rng.choice('abcdefghijklmnopqrstuvwxyz0123456789 ._-\u00e9\u4e2d')
                   for _ in range(n)).encode('utf-8')


def rand_scalar(rng, typ):
    if typ in (T_U8, T_U16, T_U32, T_U64):
        bits = {T_U8: 8, T_U16: 16, T_U32: 32, T_U64: 64}[typ]
        r = rng.random()
        if r < 0.15:
            return 0
        if r < 0.3:
            return (1 << bits) - 1
        if r < 0.6:
            return rng.randrange(0, 256)
        return rng.getrandbits(bits)
    if typ in (T_I8, T_I16, T_I32, T_I64):
        bits = {T_I8: 8, T_I16: 16, T_I32: 32, T_I64: 64}[typ]
        r = rng.random()
        if r < 0.1:
            return -(1 << (bits - 1))
        if r < 0.2:
            return (1 << (bits - 1)) - 1
        if r < 0.3:
            return 0
        if r < 0.6:
            return rng.randrange(-128, 128)
        return rng.getrandbits(bits) - (1 << (bits - 1))
    if typ in (T_F32, T_F64):
        r = rng.random()
        if r < 0.04:
            return float('inf')
        if r < 0.07:
            return float('-inf')
        if r < 0.09:
            return float('nan')
        if r < 0.14:
            return -0.0
        if r < 0.2:
            return 0.0
        if r < 0.3:
            return rng.choice([1.0, -1.0, 0.5, 1e-5, 1e-6, 10000.0, 500000.0])
        v = rng.uniform(-1e6, 1e6)
        if typ == T_F32:
            v = struct.unpack('<f', struct.pack('<f', v))[0]
        return v
    if typ == T_BOOL:
        return rng.randrange(2)
    raise ValueError(typ)


def rand_kv(rng, key, typ=None):
    if typ is None:
        typ = rng.choice(list(range(13)) + [T_STR, T_ARR, T_U32])
    kv = {'key': key, 'type': typ}
    if typ == T_STR:
        kv['value'] = rand_str(rng)
    elif typ == T_ARR:
        et = rng.choice(ELEM_TYPES + [T_STR])
        kv['etype'] = et
        r = rng.random()
        n = 0 if r < 0.15 else rng.randrange(1, 9 if et == T_STR else 17)
        if et == T_STR:
            kv['value'] = [rand_str(rng) for _ in range(n)]
        else:
            kv['value'] = [rand_scalar(rng, et) for _ in range(n)]
    else:
        kv['value'] = rand_scalar(rng, typ)
    return kv


def rand_key(rng, used):
    while True:
        r = rng.random()
        if r < 0.5:
            k = rng.choice(KEY_POOL)
        elif r < 0.9:
            k = 'test.%s.k%d' % (rng.choice(['a', 'b', 'misc', 'x.y']),
                                 rng.randrange(1000))
        elif r < 0.95:
            k = 'test.\u043a\u043b\u044e\u0447.%d' % rng.randrange(100)
        else:
            k = 'test.long.' + 'k' * rng.randrange(40, 300)
        kb = k.encode('utf-8')
        if kb not in used:
            used.add(kb)
            return kb


def rand_shape(rng, tid):
    _, blk, tsz = GGML[tid]
    cap = 4096 if rng.random() < 0.1 else 1024
    nd = rng.choice([1, 1, 2, 2, 2, 3, 4])
    if blk == 1:
        ne0 = rng.choice([1, 1, 2, 3, 4, 5, 7, 8, 16, 32, 64])
    else:
        ne0 = blk * rng.choice([1, 1, 2])
    dims = [ne0] + [rng.choice([1, 1, 2, 3, 4]) for _ in range(nd - 1)]
    while True:
        nb = tensor_nbytes({'type': tid, 'dims': dims})
        if nb <= cap or len(dims) == 1 or max(dims[1:]) == 1:
            break
        j = max(range(1, len(dims)), key=lambda i: dims[i])
        dims[j] = 1
    if tensor_nbytes({'type': tid, 'dims': dims}) > cap and blk == 1:
        dims[0] = max(1, cap // tsz)
    return dims


TNAMES = ['token_embd.weight', 'output_norm.weight', 'output.weight',
          'rope_freqs.weight']
BLK_T = ['attn_q', 'attn_k', 'attn_v', 'attn_output', 'attn_norm', 'ffn_gate',
         'ffn_up', 'ffn_down', 'ffn_norm']


def rand_tname(rng, used):
    while True:
        r = rng.random()
        if r < 0.3:
            n = rng.choice(TNAMES)
        elif r < 0.85:
            n = 'blk.%d.%s.%s' % (rng.randrange(64), rng.choice(BLK_T),
                                  rng.choice(['weight', 'bias']))
        elif r < 0.9:
            n = 't' * 63                       # longest valid name
        elif r < 0.95:
            n = '\u0442\u0435\u043d\u0437\u043e\u0440.%d' % rng.randrange(100)
        else:
            n = 'x%d' % rng.randrange(100)
        nb = n.encode('utf-8')
        if nb not in used and len(nb) < 64:
            used.add(nb)
            return nb


def rand_tensor(rng, used, tid=None):
    if tid is None:
        tid = rng.choice(GGML_IDS)
    return {'name': rand_tname(rng, used), 'type': tid,
            'dims': rand_shape(rng, tid)}


def rand_valid(rng, min_kv=0, max_kv=20, min_t=0, max_t=8, v2=None,
               align=None, arch=None):
    spec = {'version': 2 if (v2 if v2 is not None else rng.random() < 0.15) else 3,
            'kvs': [], 'tensors': []}
    used = set()
    nk = rng.randrange(min_kv, max_kv + 1)
    if arch if arch is not None else rng.random() < 0.3:
        used.add(b'general.architecture')
        spec['kvs'].append({'key': b'general.architecture', 'type': T_STR,
                            'value': b'llama'})
    if align is None and rng.random() < 0.3:
        align = rng.choice([1, 8, 64, 256, 32, 16, 2, 128])
    used.add(b'general.alignment')
    while len(spec['kvs']) < nk:
        spec['kvs'].append(rand_kv(rng, rand_key(rng, used)))
    if align is not None:
        spec['kvs'].insert(rng.randrange(len(spec['kvs']) + 1),
                           {'key': b'general.alignment', 'type': T_U32,
                            'value': align})
    tused = set()
    for _ in range(rng.randrange(min_t, max_t + 1)):
        spec['tensors'].append(rand_tensor(rng, tused))
    return spec


def describe(spec):
    a = layout_alignment(spec)
    arch = any(kv['key'] == b'general.architecture' for kv in spec['kvs'])
    types = sorted({kv['type'] for kv in spec['kvs']})
    tt = sorted({tname(t['type']) for t in spec['tensors']})
    return 'v%d kv=%d tensors=%d align=%d%s%s%s%s' % (
        spec.get('version', 3), len(spec['kvs']), len(spec['tensors']), a,
        ' arch=llama' if arch else '',
        ' be' if spec.get('be') else '',
        (' kvtypes=' + ','.join(TYPE_NAME[t] for t in types)) if types else '',
        (' ttypes=' + ','.join(tt)) if tt else '')


def copy_spec(spec):
    out = dict(spec)
    out['kvs'] = [dict(kv) for kv in spec['kvs']]
    for kv in out['kvs']:
        if isinstance(kv.get('value'), list):
            kv['value'] = list(kv['value'])
    out['tensors'] = [dict(t, dims=list(t['dims'])) for t in spec['tensors']]
    return out


def file_len(spec):
    return len(build(spec)[0])


# ---------------------------------------------------------------------------
# corruption classes (llama.cpp tests/test-gguf.cpp)

def c_bad_magic(rng, s):
    m = rng.choice([b'GGUG', b'gguf', b'FUGG', b'\0\0\0\0', b'GGML', b'GGJT',
                    b'GGU\0', b'GGUF'[::-1], bytes(rng.getrandbits(8) for _ in range(4))])
    if m == b'GGUF':
        m = b'GGUX'
    s['magic'] = m
    return 'magic=%s' % m.hex()


def c_version(vals):
    def f(rng, s):
        s['version'] = rng.choice(vals) if isinstance(vals, list) else vals
        return 'version=%d' % s['version']
    return f


def future_version(rng):
    return rng.choice([4, 5, 0x7fffffff, 0xffffffff, rng.randrange(6, 1000),
                       0x80000000])


HUGE_COUNTS = [1 << 62, 1 << 63, M64, (1 << 63) - 1, 1 << 32, 1 << 40]


def c_n_tensors(rng, s):
    s['n_tensors'] = rng.choice(HUGE_COUNTS[:2] * 2 + HUGE_COUNTS[2:])
    return 'n_tensors=%d (real %d)' % (s['n_tensors'], len(s['tensors']))


def c_n_kv(rng, s):
    s['n_kv'] = rng.choice(HUGE_COUNTS[:2] * 2 + HUGE_COUNTS[2:])
    return 'n_kv=%d (real %d)' % (s['n_kv'], len(s['kvs']))


def c_key_size(rng, s):
    i = rng.randrange(len(s['kvs']))
    r = rng.randrange(5)
    if r == 0:
        v = 1 << 63
    elif r == 1:
        v = M64
    elif r == 2:
        v = file_len(s) + rng.randrange(1, 1000)
    elif r == 3:
        v = file_len(s) * rng.randrange(2, 100)
    else:
        v = (1 << 63) + rng.randrange(1, 1 << 32)
    s['kvs'][i]['keylen'] = v
    return 'kv[%d] key length %d (file %d bytes)' % (i, v, file_len(s))


def c_empty_key(rng, s):
    i = rng.randrange(len(s['kvs']))
    s['kvs'][i]['key'] = b''
    return 'kv[%d] key is empty (type %s)' % (i, TYPE_NAME[s['kvs'][i]['type']])


def c_bad_type(rng, s):
    i = rng.randrange(len(s['kvs']))
    kv = s['kvs'][i]
    r = rng.randrange(6)
    if r == 0:
        kv['wtype'] = 13
        return 'kv[%d] value type 13' % i
    if r == 1:
        kv['wtype'] = 0x7fffffff
        return 'kv[%d] value type 0x7fffffff' % i
    if r == 2:
        kv['wtype'] = rng.choice([14, 15, 100, 255, 0xffffffff, 0x80000000])
        return 'kv[%d] value type %d' % (i, kv['wtype'])
    if r in (3, 4):
        # nested array: array of arrays of u8
        w = Writer(False)
        w.p('I', T_ARR)
        n = rng.randrange(0, 3)
        w.p('Q', n)
        for _ in range(n):
            w.p('I', T_U8)
            w.p('Q', 2)
            w.raw(b'\x01\x02')
        s['kvs'][i] = {'key': kv['key'], 'type': T_ARR, 'raw': bytes(w.b)}
        return 'kv[%d] nested array (%d inner arrays)' % (i, n)
    et = rng.choice([13, 0x7fffffff, 20])
    w = Writer(False)
    w.p('I', et)
    w.p('Q', 1)
    w.raw(b'\0' * 8)
    s['kvs'][i] = {'key': kv['key'], 'type': T_ARR, 'raw': bytes(w.b)}
    return 'kv[%d] array of element type %d' % (i, et)


def c_dup_key(rng, s):
    i = rng.randrange(len(s['kvs']))
    kv = s['kvs'][i]
    if rng.random() < 0.5:
        new = dict(kv)
        what = 'same type'
    else:
        new = rand_kv(rng, kv['key'])
        what = 'type %s' % TYPE_NAME[new['type']]
    j = rng.randrange(i + 1, len(s['kvs']) + 1)
    s['kvs'].insert(j, new)
    return 'kv[%d] key %r repeated at kv[%d] (%s)' % (
        i, kv['key'].decode('utf-8', 'replace'), j, what)


def set_align_kv(rng, s, kv):
    s['kvs'] = [k for k in s['kvs'] if k['key'] != b'general.alignment']
    s['kvs'].insert(rng.randrange(len(s['kvs']) + 1), kv)


def c_bad_align(rng, s):
    v = rng.choice([0, 3, (1 << 31) + 1, 0, 3, 48, 7, 0xffffffff, 96])
    set_align_kv(rng, s, {'key': b'general.alignment', 'type': T_U32, 'value': v})
    s['layout_align'] = 32
    return 'general.alignment u32 = %d' % v


def c_wrong_type_align(rng, s):
    v = rng.choice([32, 64, 8, 1])
    t = rng.choice([T_U64, T_I32, T_STR, T_U16, T_U8, T_I64, T_F32, T_BOOL])
    if t == T_STR:
        kv = {'key': b'general.alignment', 'type': T_STR, 'value': str(v).encode()}
    elif t == T_F32:
        kv = {'key': b'general.alignment', 'type': T_F32, 'value': float(v)}
    elif t == T_BOOL:
        v = 1
        kv = {'key': b'general.alignment', 'type': T_BOOL, 'value': 1}
    else:
        kv = {'key': b'general.alignment', 'type': t, 'value': v}
    set_align_kv(rng, s, kv)
    s['layout_align'] = v if t != T_BOOL else 32
    return 'general.alignment as %s = %d' % (TYPE_NAME[t], v)


def c_name_size(rng, s):
    i = rng.randrange(len(s['tensors']))
    t = s['tensors'][i]
    r = rng.randrange(4)
    if r == 0:
        t['name'] = (b'n%d.' % i + b'w' * 64)[:64]
        return 't[%d] name of 64 bytes' % i
    if r == 1:
        t['name'] = (b'n%d.' % i + b'w' * 100)[:100]
        return 't[%d] name of 100 bytes' % i
    v = rng.choice([1 << 63, M64, 64, 100, 1 << 32])
    t['namelen'] = v
    return 't[%d] name length field %d (name is %d bytes)' % (i, v, len(t['name']))


def c_n_dims(rng, s):
    i = rng.randrange(len(s['tensors']))
    t = s['tensors'][i]
    v = rng.choice([5, 9, 0xffffffff, 5, 9, 0x80000000])
    if v in (5, 9) and rng.random() < 0.6:
        t['dims'] = t['dims'] + [1] * (v - len(t['dims']))
        return 't[%d] n_dims=%d with %d ne written' % (i, v, v)
    t['n_dims'] = v
    return 't[%d] n_dims field %d (%d ne written)' % (i, v, len(t['dims']))


def c_bad_shape(rng, s):
    i = rng.randrange(len(s['tensors']))
    t = s['tensors'][i]
    t['dims'] = t['dims'] + [1] * rng.randrange(0, 5 - len(t['dims']))
    j = rng.randrange(len(t['dims']))
    t['dims'][j] = rng.choice([-1, -2, -32, -(1 << 63), -(1 << 62), -256])
    return 't[%d] %s dims %s' % (i, tname(t['type']), dims_str(t['dims']))


def last_tensor(s, t):
    s['tensors'][-1:] = [dict(s['tensors'][-1], **t)] if s['tensors'] else [t]


def c_ne_too_big(rng, s):
    shapes = [[1 << 32, 1 << 32], [1 << 31, 1 << 31, 4, 1], [1 << 62, 2, 1, 1],
              [1 << 62, 4], [1 << 21, 1 << 21, 1 << 21, 1],
              [(1 << 63) - 1, 2], [1 << 40, 1 << 23, 1, 1], [3, 1 << 62, 1, 1]]
    dims = rng.choice(shapes)
    tid = rng.choice([0, 0, 24, 1, 2])
    i = rng.randrange(len(s['tensors']))
    s['tensors'][i]['dims'] = list(dims)
    s['tensors'][i]['type'] = tid
    return 't[%d] %s ne=%s (product >= 2^63)' % (i, tname(tid), dims_str(dims))


def c_nbytes_too_big(rng, s):
    shapes = [[1 << 61], [1 << 30, 1 << 31], [1 << 20, 1 << 20, 1 << 21, 1],
              [1 << 61, 1, 1, 1], [1 << 31, 1 << 30, 1, 1]]
    dims = list(rng.choice(shapes))
    tid = 28
    if rng.random() < 0.25:
        tid = 27
    elif rng.random() < 0.2:
        tid, dims = 0, [1 << 62]
    i = rng.randrange(len(s['tensors']))
    s['tensors'][i]['dims'] = dims
    s['tensors'][i]['type'] = tid
    return 't[%d] %s ne=%s (bytes >= 2^64)' % (i, tname(tid), dims_str(dims))


def c_tensor_type(rng, s):
    i = rng.randrange(len(s['tensors']))
    v = rng.choice([4, 5, 40, 1000, 4, 5, 40, 0xffffffff, 0x80000000, 41])
    s['tensors'][i]['type'] = v
    s['tensors'][i]['dims'] = [32] + s['tensors'][i]['dims'][1:]
    return 't[%d] ggml type %d' % (i, v)


def c_bad_offset(rng, s):
    _, _, info = build(s)
    align = info['align']
    # real offsets
    cur, offs = 0, []
    for t in s['tensors']:
        offs.append(cur)
        cur += pad(tensor_nbytes(t), align)
    total = cur
    n = len(s['tensors'])
    choices = ['first-nonzero', 'past-data', 'plus-one', 'huge']
    if n >= 2:
        choices += ['swap', 'repeat', 'unpadded']
    r = rng.choice(choices)
    if r == 'first-nonzero':
        s['tensors'][0]['offset'] = rng.choice([align, 1, 32, 64])
        return 't[0] offset %d (must be 0)' % s['tensors'][0]['offset']
    if r == 'past-data':
        i = n - 1
        v = total + align * rng.randrange(1, 8)
        s['tensors'][i]['offset'] = v
        return 't[%d] offset %d past data end %d' % (i, v, total)
    if r == 'plus-one':
        i = rng.randrange(n)
        v = offs[i] + rng.choice([1, 2, align // 2 if align > 2 else 3, 31])
        s['tensors'][i]['offset'] = v
        return 't[%d] offset %d, expected %d (unaligned/not sequential)' % (i, v, offs[i])
    if r == 'huge':
        i = rng.randrange(n)
        v = rng.choice([1 << 63, M64, M64 - align + 1, 1 << 40])
        s['tensors'][i]['offset'] = v
        return 't[%d] offset %d' % (i, v)
    if r == 'swap':
        i, j = sorted(rng.sample(range(n), 2))
        s['tensors'][i]['offset'] = offs[j]
        s['tensors'][j]['offset'] = offs[i]
        return 't[%d] and t[%d] offsets swapped (%d, %d)' % (i, j, offs[j], offs[i])
    if r == 'repeat':
        i = rng.randrange(1, n)
        s['tensors'][i]['offset'] = offs[i - 1]
        return 't[%d] offset %d repeats t[%d]' % (i, offs[i - 1], i - 1)
    # unpadded: sequential but without the alignment padding
    cur = 0
    for t in s['tensors']:
        t['offset'] = cur
        cur += tensor_nbytes(t)
    return 'offsets sequential without padding to %d' % align


def c_dup_tensor(rng, s):
    i, j = sorted(rng.sample(range(len(s['tensors'])), 2))
    s['tensors'][j]['name'] = s['tensors'][i]['name']
    if rng.random() < 0.5:
        s['tensors'][j]['type'] = s['tensors'][i]['type']
        s['tensors'][j]['dims'] = list(s['tensors'][i]['dims'])
        return 't[%d] duplicates name and shape of t[%d]' % (j, i)
    return 't[%d] duplicates name of t[%d]' % (j, i)


def c_row_block(rng, s):
    i = rng.randrange(len(s['tensors']))
    tid = rng.choice([2, 2, 2, 3, 6, 7, 8, 10, 11, 12, 13, 14])
    blk = GGML[tid][1]
    ne0 = rng.choice([33, blk + 1, blk // 2, blk - 1, 1, 3 * blk // 2]) if blk == 256 \
        else rng.choice([33, 33, 1, 16, 31, 48, 65])
    t = s['tensors'][i]
    t['type'] = tid
    t['dims'] = [ne0] + [rng.choice([1, 2]) for _ in t['dims'][1:]]
    return 't[%d] %s ne0=%d (block %d)' % (i, tname(tid), ne0, blk)


def has_data(s):
    return any(tensor_nbytes(t) for t in s['tensors'])


def c_data_not_enough(rng, s):
    data, _, info = build(s)
    ds, de = info['data_start'], info['tensor_ends'][-1]
    cut = rng.randrange(ds + 1, de) if de - ds > 1 else ds
    s['cut'] = cut
    return 'file cut at %d inside tensor data [%d,%d)' % (cut, ds, info['data_end'])


def c_data_past_eof(rng, s):
    data, _, info = build(s)
    ds, de = info['data_start'], info['data_end']
    ends = info['tensor_ends']
    opts = ['no-data', 'no-last-pad', 'tensor-boundary', 'one-short']
    r = rng.choice(opts)
    if r == 'no-last-pad' and ends[-1] < de:
        s['cut'] = ends[-1]
        return 'file ends after last tensor bytes at %d, padded data end %d' % (ends[-1], de)
    if r == 'tensor-boundary' and len(ends) > 1:
        k = rng.randrange(len(ends) - 1)
        s['cut'] = pad(ends[k], info['align'])
        return 'file ends after tensor %d at %d, data end %d' % (k, s['cut'], de)
    if r == 'one-short':
        s['cut'] = de - 1
        return 'file one byte short of data end %d' % de
    s['cut'] = ds
    return 'file ends at data start %d, data end %d' % (ds, de)


# ---------------------------------------------------------------------------
# reader-disagreement classes

def c_bool(rng, s):
    bad = rng.choice([2, 0x80, 0xff, 2, 0x80, 0xff, 0x7f, 0x10])
    used = {kv['key'] for kv in s['kvs']}
    if rng.random() < 0.5:
        kv = {'key': rand_key(rng, used), 'type': T_BOOL, 'value': bad}
        where = 'bool scalar'
    else:
        n = rng.randrange(1, 9)
        vals = [rng.randrange(2) for _ in range(n)]
        j = rng.randrange(n)
        vals[j] = bad
        kv = {'key': rand_key(rng, used), 'type': T_ARR, 'etype': T_BOOL,
              'value': vals}
        where = 'bool array[%d] of %d' % (j, n)
    i = rng.randrange(len(s['kvs']) + 1)
    s['kvs'].insert(i, kv)
    return 'kv[%d] %s byte 0x%02x' % (i, where, bad)


def c_key_nul(rng, s):
    r = rng.randrange(4)
    used = {kv['key'] for kv in s['kvs']}
    if r == 0:
        k = b'general.na\x00me'
        kvs = [rand_kv(rng, k, T_STR)]
        d = 'key general.na\\0me'
    elif r == 1:
        a = rng.choice([b'general.na', b'test.k', b'llama.context_length'])
        kvs = [rand_kv(rng, a + b'\x00' + b'x'), rand_kv(rng, a + b'\x00' + b'y')]
        d = 'two keys %s\\0x and %s\\0y' % (a.decode(), a.decode())
    elif r == 2:
        base = rng.choice(sorted(used)) if used else b'general.name'
        kvs = [rand_kv(rng, base + b'\x00' + b'tail')]
        d = 'key %s\\0tail beside %s' % (base.decode('utf-8', 'replace'),
                                         base.decode('utf-8', 'replace'))
        if base not in used:
            kvs.insert(0, rand_kv(rng, base))
    else:
        k = rng.choice([b'\x00', b'\x00general.name', b'test.k\x00', b'a\x00\x00b'])
        kvs = [rand_kv(rng, k)]
        d = 'key %r' % k
    for kv in kvs:
        s['kvs'].insert(rng.randrange(len(s['kvs']) + 1), kv)
    return d


def c_tname_nul(rng, s):
    i = rng.randrange(len(s['tensors']))
    t = s['tensors'][i]
    r = rng.randrange(3)
    if r == 0 or len(s['tensors']) < 2:
        p = rng.randrange(len(t['name']) + 1)
        t['name'] = (t['name'][:p] + b'\x00' + t['name'][p:])[:63]
        return 't[%d] name with NUL at %d' % (i, p)
    j = rng.choice([k for k in range(len(s['tensors'])) if k != i])
    base = t['name'][:50]
    s['tensors'][i]['name'] = base + b'\x00a'
    if r == 1:
        s['tensors'][j]['name'] = base + b'\x00b'
        return 't[%d],t[%d] names equal up to NUL (%s\\0a, \\0b)' % (i, j, base.decode('utf-8', 'replace'))
    s['tensors'][j]['name'] = base
    return 't[%d] name %s\\0a, t[%d] name %s' % (i, base.decode('utf-8', 'replace'), j,
                                                 base.decode('utf-8', 'replace'))


def c_key_long(rng, s):
    n = rng.choice([65535, 65536, 65537, 70000, rng.randrange(65536, 70001)])
    body = b'test.long.'
    alpha = b'abcdefghijklmnopqrstuvwxyz.'
    chunk = bytes(rng.choice(alpha) for _ in range(256))
    k = (body + chunk * (n // 256 + 1))[:n]
    kv = rand_kv(rng, k, rng.choice([T_U32, T_STR, T_BOOL, T_ARR, T_F32]))
    s['kvs'].insert(rng.randrange(len(s['kvs']) + 1), kv)
    return 'key of %d bytes (%s)' % (n, TYPE_NAME[kv['type']])


def c_zero_huge(rng, s):
    shapes = [[0, 1 << 40, 1 << 40, 1], [1 << 62, 1 << 62, 0, 1], [0], [4, 0],
              [0, 0], [(1 << 63) - 1, 0], [1, 1 << 62, 0, 1 << 62], [0, 1, 1, 1],
              [1 << 32, 1 << 32, 0, 1], [0, (1 << 63) - 1, (1 << 63) - 1, (1 << 63) - 1],
              [256, 0, 1 << 50, 1 << 20]]
    dims = list(rng.choice(shapes))
    if dims[0] % 256 == 0:
        tid = rng.choice(GGML_IDS)
    else:
        tid = rng.choice(BLOCK1_IDS)
    used = {t['name'] for t in s['tensors']}
    t = {'name': rand_tname(rng, used), 'type': tid, 'dims': dims}
    i = rng.randrange(len(s['tensors']) + 1)
    s['tensors'].insert(i, t)
    return 't[%d] %s zero-element ne=%s' % (i, tname(tid), dims_str(dims))


def c_wraps(rng, s):
    shapes = [[1 << 32, 1 << 32, 1, 1], [1 << 33, 1 << 31, 1, 1],
              [1 << 32, 1 << 31, 2, 1], [1 << 31, 1 << 32, 1, 1],
              [1 << 16, 1 << 16, 1 << 16, 1 << 16], [1 << 62, 4], [3, 1 << 62, 1, 1],
              [1 << 40, 1 << 24], [1 << 21, 1 << 21, 1 << 22, 1]]
    dims = list(rng.choice(shapes))
    tid = rng.choice([0, 0, 0, 1, 24])
    p = 1
    for d in dims:
        p *= d
    w = p & M64
    if w >= 1 << 63:
        w -= 1 << 64
    used = {t['name'] for t in s['tensors']}
    s['tensors'].append({'name': rand_tname(rng, used), 'type': tid, 'dims': dims})
    return 't[%d] %s ne=%s product wraps to %d as i64' % (
        len(s['tensors']) - 1, tname(tid), dims_str(dims), w)


# ---------------------------------------------------------------------------

def gen_valid(rng, n):
    out = []
    for i in range(n):
        r = i % 10
        if r == 0:
            s = rand_valid(rng, max_kv=3, max_t=2)
        elif r == 1:
            s = rand_valid(rng, min_kv=10, min_t=4)
        else:
            s = rand_valid(rng)
        out.append((s, describe(s)))
    return out


def gen_corrupt(rng, n, fn, need_kv=0, need_t=0, need_data=False, **kw):
    out = []
    while len(out) < n:
        base = rand_valid(rng, min_kv=need_kv, max_kv=max(need_kv, 8),
                          min_t=need_t, max_t=max(need_t, 5), **kw)
        if need_data and not has_data(base):
            continue
        s = copy_spec(base)
        d = fn(rng, s)
        out.append((s, 'base %s; %s' % (describe(base), d)))
    return out


def gen_bigendian(rng, n):
    out = []
    for i in range(n):
        s = rand_valid(rng, v2=(i % 4 == 0), max_kv=12, max_t=5)
        s['be'] = True
        out.append((s, 'big-endian ' + describe(s)))
    return out


def gen_truncations(rng, nbase):
    out = []
    for b in range(nbase):
        s = rand_valid(rng, min_kv=1, max_kv=3, min_t=1, max_t=2,
                       v2=(b % 6 == 5))
        data, marks, info = build(s)
        L = len(data)
        d = describe(s)
        cuts = {}
        for pos, lab in marks:
            if 0 < pos < L and pos not in cuts:
                cuts[pos] = 'after ' + lab
        if b == 0:
            for pos in (0, 1, 2, 3):
                cuts.setdefault(pos, 'inside magic' if pos else 'empty file')
        for _ in range(3):
            pos = rng.randrange(1, L)
            cuts.setdefault(pos, 'random position')
        for pos in sorted(cuts):
            t = copy_spec(s)
            t['cut'] = pos
            out.append((t, 'cut at %d/%d %s; base %s' % (pos, L, cuts[pos], d)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, default=20261203)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    t0 = time.monotonic()

    def R(name):
        return random.Random('%d:%s' % (args.seed, name))

    K = 45   # files per corruption class
    Q = 50   # files per reader-disagreement class
    classes = [
        ('valid-random', lambda r: gen_valid(r, 800)),
        ('bad-magic', lambda r: gen_corrupt(r, K, c_bad_magic)),
        ('version-0', lambda r: gen_corrupt(r, K, c_version(0))),
        ('version-1', lambda r: gen_corrupt(r, K, c_version(1))),
        ('version-future', lambda r: gen_corrupt(
            r, K, lambda rr, s: c_version(future_version(rr))(rr, s))),
        ('n-tensors-huge', lambda r: gen_corrupt(r, K, c_n_tensors)),
        ('n-kv-huge', lambda r: gen_corrupt(r, K, c_n_kv)),
        ('kv-bad-key-size', lambda r: gen_corrupt(r, K, c_key_size, need_kv=1)),
        ('kv-empty-key', lambda r: gen_corrupt(r, K, c_empty_key, need_kv=1)),
        ('kv-bad-type', lambda r: gen_corrupt(r, K, c_bad_type, need_kv=1)),
        ('kv-duplicate-key', lambda r: gen_corrupt(r, K, c_dup_key, need_kv=1)),
        ('kv-bad-align', lambda r: gen_corrupt(r, K, c_bad_align)),
        ('kv-wrong-type-align', lambda r: gen_corrupt(r, K, c_wrong_type_align)),
        ('tensor-bad-name-size', lambda r: gen_corrupt(r, K, c_name_size, need_t=1)),
        ('tensor-bad-n-dims', lambda r: gen_corrupt(r, K, c_n_dims, need_t=1)),
        ('tensor-bad-shape', lambda r: gen_corrupt(r, K, c_bad_shape, need_t=1)),
        ('tensor-ne-too-big', lambda r: gen_corrupt(r, K, c_ne_too_big, need_t=1)),
        ('tensor-nbytes-too-big', lambda r: gen_corrupt(r, K, c_nbytes_too_big, need_t=1)),
        ('tensor-bad-type', lambda r: gen_corrupt(r, K, c_tensor_type, need_t=1)),
        ('tensor-bad-offset', lambda r: gen_corrupt(r, K, c_bad_offset, need_t=1)),
        ('tensor-duplicate-name', lambda r: gen_corrupt(r, K, c_dup_tensor, need_t=2)),
        ('tensor-row-not-block-multiple', lambda r: gen_corrupt(r, K, c_row_block, need_t=1)),
        ('data-not-enough', lambda r: gen_corrupt(r, K, c_data_not_enough, need_t=1,
                                                  need_data=True)),
        ('data-past-eof', lambda r: gen_corrupt(r, K, c_data_past_eof, need_t=1,
                                                need_data=True)),
        ('bool-not-01', lambda r: gen_corrupt(r, Q, c_bool)),
        ('key-nul', lambda r: gen_corrupt(r, Q, c_key_nul)),
        ('tensor-name-nul', lambda r: gen_corrupt(r, Q, c_tname_nul, need_t=1)),
        ('key-long', lambda r: gen_corrupt(r, Q, c_key_long)),
        ('zero-element-huge', lambda r: gen_corrupt(r, Q, c_zero_huge)),
        ('big-endian', lambda r: gen_bigendian(r, Q)),
        ('element-overflow-wraps', lambda r: gen_corrupt(r, Q, c_wraps)),
        ('truncations', lambda r: gen_truncations(r, 33)),
    ]

    os.makedirs(args.out, exist_ok=True)
    index = []
    total = 0
    for cls, fn in classes:
        items = fn(R(cls))
        d = os.path.join(args.out, cls)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):          # drop stale files from an earlier run
            if f.endswith('.gguf'):
                os.remove(os.path.join(d, f))
        limit = 140 * 1024 if cls == 'key-long' else 64 * 1024
        for i, (spec, desc) in enumerate(items):
            data = build(spec)[0]
            if len(data) >= limit:
                sys.exit('internal error: %s/%04d is %d bytes' % (cls, i, len(data)))
            rel = '%s/%04d.gguf' % (cls, i)
            with open(os.path.join(args.out, rel), 'wb') as fh:
                fh.write(data)
            desc = desc.replace('\t', ' ').replace('\n', ' ')
            index.append('%s\t%s\t%s\n' % (rel, cls, desc))
            total += 1
    with open(os.path.join(args.out, 'index.tsv'), 'w', encoding='utf-8') as fh:
        fh.writelines(index)
    print('%d files in %d classes' % (total, len(classes)))
    sys.stderr.write('generated in %.1f s\n' % (time.monotonic() - t0))


if __name__ == '__main__':
    main()
