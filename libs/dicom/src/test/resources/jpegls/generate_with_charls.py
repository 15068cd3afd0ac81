import ctypes, struct
lib = ctypes.CDLL('libcharls.so.2')
class FrameInfo(ctypes.Structure):
    _fields_ = [('width', ctypes.c_uint32), ('height', ctypes.c_uint32), ('bits_per_sample', ctypes.c_int32), ('component_count', ctypes.c_int32)]
lib.charls_jpegls_encoder_create.restype = ctypes.c_void_p
for fn in ['charls_jpegls_encoder_set_frame_info','charls_jpegls_encoder_set_near_lossless','charls_jpegls_encoder_set_interleave_mode',
           'charls_jpegls_encoder_get_estimated_destination_size','charls_jpegls_encoder_set_destination_buffer','charls_jpegls_encoder_encode_from_buffer',
           'charls_jpegls_encoder_get_bytes_written','charls_jpegls_encoder_destroy']:
    getattr(lib, fn).argtypes = None
def sample(x, y, c, bits, w):
    # deterministic image: gradients, flat areas (run mode), edges and pseudo-noise
    maxv = (1 << bits) - 1
    if 8 <= x < 20 and 4 <= y < 12:
        return (maxv // 3 + c * 7) & maxv          # flat block -> runs
    n = ((x * 1103515245 + y * 12345 + c * 2654435761) >> 7) & 0xF
    v = (x * 37 + y * 91 + c * 301) * (maxv // 255 if maxv > 255 else 1) + n
    if x > 25: v = maxv - (y * 5 + c)              # vertical edge
    return v & maxv
def encode(w, h, bits, comps, ilv, near):
    enc = ctypes.c_void_p(lib.charls_jpegls_encoder_create())
    fi = FrameInfo(w, h, bits, comps)
    assert lib.charls_jpegls_encoder_set_frame_info(enc, ctypes.byref(fi)) == 0
    assert lib.charls_jpegls_encoder_set_near_lossless(enc, ctypes.c_int32(near)) == 0
    assert lib.charls_jpegls_encoder_set_interleave_mode(enc, ctypes.c_int32(ilv)) == 0
    size = ctypes.c_size_t()
    lib.charls_jpegls_encoder_get_estimated_destination_size(enc, ctypes.byref(size))
    dst = ctypes.create_string_buffer(size.value + 1024)
    assert lib.charls_jpegls_encoder_set_destination_buffer(enc, dst, ctypes.c_size_t(len(dst))) == 0
    bps = 1 if bits <= 8 else 2
    fmt = '<B' if bps == 1 else '<H'
    src = bytearray()
    if ilv == 0:   # planar
        for c in range(comps):
            for y in range(h):
                for x in range(w): src += struct.pack(fmt, sample(x, y, c, bits, w))
    else:
        for y in range(h):
            for x in range(w):
                for c in range(comps): src += struct.pack(fmt, sample(x, y, c, bits, w))
    srcbuf = ctypes.create_string_buffer(bytes(src), len(src))
    rc = lib.charls_jpegls_encoder_encode_from_buffer(enc, srcbuf, ctypes.c_size_t(len(src)), ctypes.c_uint32(0))
    assert rc == 0, rc
    n = ctypes.c_size_t()
    lib.charls_jpegls_encoder_get_bytes_written(enc, ctypes.byref(n))
    lib.charls_jpegls_encoder_destroy(enc)
    return dst.raw[:n.value]
cases = []
for bits in (8, 12):
    for comps, ilvs in ((1, (0,)), (3, (0, 1, 2))):
        for ilv in ilvs:
            for near in (0, 3):
                name = 'jls_%db_%dc_ilv%d_near%d.jls' % (bits, comps, ilv, near)
                data = encode(33, 21, bits, comps, ilv, near)
                open(name, 'wb').write(data)
                cases.append(name)
print(len(cases), 'files'); import os; print(sum(os.path.getsize(c) for c in cases), 'bytes')
