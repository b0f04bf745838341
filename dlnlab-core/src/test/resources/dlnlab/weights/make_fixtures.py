#!/usr/bin/env python3
"""Writes the weights fixtures of this folder independently of dlnlab's own writers.

.npz files come from NumPy itself (numpy.savez / numpy.savez_compressed, C and Fortran order); .safetensors files
from write_safetensors below, which follows the format's specification
(https://github.com/huggingface/safetensors#format): an 8-byte little-endian u64 N, N bytes of a JSON header
{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}, then the byte buffer.
Every good net also has a .json twin (Python's repr of the values widened to float64, which Java parses to the same
bits): the oracle the readers are compared with.

bad/ holds the corpus of files every reader must refuse with one line naming the file; bad.tsv says which entry
(or other words) each message must name. Run from this folder: python3 make_fixtures.py (needs numpy only).
"""
import io
import json
import os
import struct
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "bad")
WIDTHS = [5, 4, 3, 1]  # d_0..d_L of the net on builtin:mc_fig1 (d = 5, p = 1); no layer is square


def layers(seed=7):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((WIDTHS[k + 1], WIDTHS[k])) * 0.6 for k in range(len(WIDTHS) - 1)]


def write_json(name, mats, projection=None):
    obj = {"layers": [[[float(x) for x in row] for row in np.asarray(m, dtype=np.float64)] for m in mats]}
    if projection is not None:
        obj["projection"] = [float(x) for x in projection]
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f)  # json.dump writes repr(float): the shortest string that round-trips


SAFETENSORS_DTYPES = {np.dtype("<f8"): "F64", np.dtype("<f4"): "F32", np.dtype("<f2"): "F16"}


def safetensors_bytes(tensors, metadata=None, dtypes=None):
    """tensors: list of (name, array); dtypes: optional {name: (dtype string, raw little-endian bytes)}."""
    header = {}
    buffers = []
    offset = 0
    for name, a in tensors:
        if dtypes and name in dtypes:
            dtype, raw = dtypes[name]
        else:
            a = np.ascontiguousarray(a)
            dtype, raw = SAFETENSORS_DTYPES[a.dtype.newbyteorder("<")], a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        buffers.append(raw)
        offset += len(raw)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the spec allows trailing spaces; aligned buffers are what writers do
    return struct.pack("<Q", len(text)) + text + b"".join(buffers)


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def bf16_bits(a):
    """bfloat16 by truncating float32 (the values below are chosen exactly representable, so nothing is lost)."""
    return (np.asarray(a, dtype="<f4").view("<u4") >> 16).astype("<u2")


def bf16_values(bits):
    return (bits.astype("<u4") << 16).view("<f4").astype(np.float64)


def npy_bytes(descr, shape, data, fortran=False):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, repr(tuple(shape)))
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + data


def good():
    w = layers()
    write_json("net.json", w)
    np.savez(os.path.join(HERE, "net_savez.npz"), W1=w[0], W2=w[1], W3=w[2])
    np.savez(os.path.join(HERE, "net_savez_fortran.npz"), *[np.asfortranarray(m) for m in w])  # arr_0, arr_1, ...
    np.savez_compressed(os.path.join(HERE, "net_compressed.npz"),
                        **{"layers.%d.weight" % k: m for k, m in enumerate(w)})
    np.savez_compressed(os.path.join(HERE, "net_compressed_fortran.npz"),
                        **{"W%d" % (k + 1): np.asfortranarray(m) for k, m in enumerate(w)})
    # in × out kernels, as JAX/Flax Dense stores them
    np.savez(os.path.join(HERE, "net_in_out.npz"), **{"Dense_%d" % k: m.T.copy() for k, m in enumerate(w)})
    # an nn.Sequential(Linear, ReLU, Linear, ReLU, Linear) state_dict: 0.weight, 2.weight, 4.weight
    names = ["%d.weight" % (2 * k) for k in range(len(w))]
    write_bytes(os.path.join(HERE, "net_f64.safetensors"),
                safetensors_bytes(list(zip(names, w)), metadata={"format": "pt"}))
    w32 = [m.astype("<f4") for m in w]
    write_bytes(os.path.join(HERE, "net_f32.safetensors"), safetensors_bytes(list(zip(names, w32))))
    write_json("net_f32_widened.json", w32)
    # float16 with subnormals (|x| < 2^-14) and the largest finite value
    w16 = [m.astype("<f2") for m in w]
    w16[0][0, 0] = np.float16(3e-6)
    w16[0][0, 1] = np.float16(-6e-8)
    w16[1][0, 0] = np.float16(65504)
    write_bytes(os.path.join(HERE, "net_f16.safetensors"), safetensors_bytes(list(zip(names, w16))))
    np.savez(os.path.join(HERE, "net_f16.npz"), *w16)
    write_json("net_f16_widened.json", w16)
    bits = [bf16_bits(m) for m in w]
    write_bytes(os.path.join(HERE, "net_bf16.safetensors"), safetensors_bytes(
        list(zip(names, w)), dtypes={n: ("BF16", b.tobytes()) for n, b in zip(names, bits)}))
    write_json("net_bf16_widened.json", [bf16_values(b) for b in bits])
    # the residual net of a fixed output projection: square layers and a 1-D entry named projection
    rng = np.random.default_rng(3)
    r = [np.eye(5) + 0.1 * rng.standard_normal((5, 5)) for _ in range(3)]
    q = rng.standard_normal(5)
    q /= np.linalg.norm(q)
    write_json("residual.json", r, q)
    np.savez(os.path.join(HERE, "residual.npz"), W1=r[0], W2=r[1], W3=r[2], projection=q)
    write_bytes(os.path.join(HERE, "residual.safetensors"),
                safetensors_bytes([("projection", q)] + [("layers.%d.weight" % k, m) for k, m in enumerate(r)]))


def zip_with(path, entries, compressed=True):
    """entries: list of (name, bytes), written as they are (so a .npy can say anything)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED) as z:
        for name, data in entries:
            z.writestr(name, data)


def patch_declared_size(path, entry, size):
    """Overwrites the uncompressed size that the local header and the central directory declare for entry."""
    data = bytearray(open(path, "rb").read())
    name = entry.encode()
    for sig, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        i = data.find(sig)
        while i >= 0:
            if data[i + name_at:i + name_at + len(name)] == name:
                struct.pack_into("<I", data, i + size_at, size)
            i = data.find(sig, i + 4)
    write_bytes(path, bytes(data))


def bad():
    os.makedirs(BAD, exist_ok=True)
    for f in os.listdir(BAD):
        os.remove(os.path.join(BAD, f))
    expect = []
    w = layers()
    names = ["%d.weight" % (2 * k) for k in range(len(w))]
    f64 = [("W%d.npy" % (k + 1), npy_bytes("<f8", m.shape, m.astype("<f8").tobytes())) for k, m in enumerate(w)]

    def case(name, words):
        expect.append((name, words))
        return os.path.join(BAD, name)

    good_npz = open(os.path.join(HERE, "net_savez.npz"), "rb").read()
    write_bytes(case("truncated.npz", "zip"), good_npz[:len(good_npz) // 2])
    good_st = open(os.path.join(HERE, "net_f64.safetensors"), "rb").read()
    write_bytes(case("truncated.safetensors", "4.weight"), good_st[:len(good_st) - 20])
    write_bytes(case("truncated_header.safetensors", "header"), good_st[:40])
    # the header says 4×5 float64 (160 bytes) but gives 80
    st = safetensors_bytes(list(zip(names, w)))
    hdr_len = struct.unpack("<Q", st[:8])[0]
    header = json.loads(st[8:8 + hdr_len])
    header["0.weight"]["shape"] = [4, 5]
    header["0.weight"]["data_offsets"] = [0, 80]
    for n in names[1:]:
        header[n]["data_offsets"] = [o - 80 for o in header[n]["data_offsets"]]
    text = json.dumps(header).encode()
    write_bytes(case("lying_header.safetensors", "0.weight"),
                struct.pack("<Q", len(text)) + text + st[8 + hdr_len + 80:])
    write_bytes(case("header_beyond_file.safetensors", "header"), struct.pack("<Q", 10 ** 6) + st[8:])
    # a .npy whose shape promises more than its data
    zip_with(case("lying_shape.npz", "W2.npy"),
             [f64[0], ("W2.npy", npy_bytes("<f8", (30, 4), w[1].tobytes())), f64[2]], compressed=False)
    zip_with(case("int.npz", "W2.npy"), [f64[0], ("W2.npy", npy_bytes("<i8", (3, 4), np.ones((3, 4), "<i8")
                                                                     .tobytes())), f64[2]])
    zip_with(case("complex.npz", "W1.npy"), [("W1.npy", npy_bytes("<c16", (4, 5), w[0].astype("<c16").tobytes())),
                                             f64[1], f64[2]])
    zip_with(case("big_endian.npz", "W3.npy"), f64[:2] + [("W3.npy", npy_bytes(">f8", (1, 3), w[2].astype(">f8")
                                                                              .tobytes()))])
    write_bytes(case("int.safetensors", "2.weight"), safetensors_bytes(
        list(zip(names, w)), dtypes={"2.weight": ("I64", np.ones((3, 4), "<i8").tobytes())}))
    write_bytes(case("bias.safetensors", "0.bias"), safetensors_bytes(
        [("0.weight", w[0]), ("0.bias", np.zeros(4)), ("2.weight", w[1]), ("4.weight", w[2])]))
    zip_with(case("bias.npz", "b1.npy"), f64 + [("b1.npy", npy_bytes("<f8", (4,), np.zeros(4).tobytes()))])
    zip_with(case("no_order.npz", "last.npy"), f64[:2] + [("last.npy", f64[2][1])])
    write_bytes(case("same_number.safetensors", "layers.1.weight"), safetensors_bytes(
        [("W1", w[0]), ("layers.1.weight", w[1]), ("W3", w[2])]))
    zip_with(case("no_chain.npz", "W3.npy"), f64[:2] + [("W3.npy", npy_bytes("<f8", (1, 4), np.ones(4).tobytes()))])
    write_bytes(case("no_chain.safetensors", "2.weight"), safetensors_bytes(
        [("0.weight", w[0]), ("2.weight", w[1].T.copy()), ("4.weight", w[2])]))
    write_bytes(case("nan.safetensors", "4.weight"), safetensors_bytes(
        list(zip(names, w[:2] + [np.array([[1.0, np.nan, 2.0]])]))))
    zip_with(case("inf.npz", "W1.npy"), [("W1.npy", npy_bytes("<f2", (4, 5), np.full((4, 5), np.inf, "<f2")
                                                             .tobytes()))] + f64[1:])
    zip_with(case("three_d.npz", "W2.npy"), [f64[0], ("W2.npy", npy_bytes("<f8", (3, 4, 1), w[1].tobytes())), f64[2]])
    zip_with(case("not_npy.npz", "W2.txt"), [f64[0], ("W2.txt", b"hello"), f64[2]])
    zip_with(case("empty.npz", "no layers"), [])
    # compressed entries that would inflate beyond their shape: the zip says so, or the zip lies and says the
    # shape's size (then only the inflation itself shows it); both refused without inflating more than the shape
    bomb = npy_bytes("<f8", (3, 4), w[1].tobytes()) + bytes(20 << 20)
    zip_with(case("bomb.npz", "W2.npy"), [f64[0], ("W2.npy", bomb), f64[2]])
    zip_with(case("bomb_undeclared.npz", "W2.npy"), [f64[0], ("W2.npy", bomb), f64[2]])
    patch_declared_size(os.path.join(BAD, "bomb_undeclared.npz"), "W2.npy", len(bomb) - (20 << 20))
    # two 40000×40000 float16 layers: 3.2·10^9 parameters, more than one buffer holds; the zip declares their
    # 3.2 GB each, the file holds 2 kB: refused from the headers alone (at W1 when the heap is below 12 GiB)
    huge = npy_bytes("<f2", (40000, 40000), bytes(1000))
    zip_with(case("huge.npz", "parameters"), [("W1.npy", huge), ("W2.npy", huge)])
    for entry in ("W1.npy", "W2.npy"):
        patch_declared_size(os.path.join(BAD, "huge.npz"), entry, len(huge) - 1000 + 2 * 40000 * 40000)
    write_bytes(case("neither.bin", "JSON, npz or safetensors"), b"\x89PNG\r\n\x1a\n" + bytes(32))
    write_bytes(case("layout_metadata.safetensors", "dlnlab_layout"), safetensors_bytes(
        list(zip(names, w)), metadata={"dlnlab_layout": "in-out"}))
    with open(os.path.join(HERE, "bad.tsv"), "w") as f:
        f.write("# file\twords its message must hold besides the file name (written by make_fixtures.py)\n")
        for name, words in expect:
            f.write("%s\t%s\n" % (name, words))


if __name__ == "__main__":
    good()
    bad()
