import ctypes, struct, glob
lib = ctypes.CDLL('libcharls.so.2')
lib.charls_jpegls_decoder_create.restype = ctypes.c_void_p
for f in sorted(glob.glob('*.jls')):
    data = open(f, 'rb').read()
    dec = ctypes.c_void_p(lib.charls_jpegls_decoder_create())
    src = ctypes.create_string_buffer(data, len(data))
    assert lib.charls_jpegls_decoder_set_source_buffer(dec, src, ctypes.c_size_t(len(data))) == 0
    assert lib.charls_jpegls_decoder_read_header(dec) == 0
    size = ctypes.c_size_t()
    assert lib.charls_jpegls_decoder_get_destination_size(dec, ctypes.c_uint32(0), ctypes.byref(size)) == 0
    out = ctypes.create_string_buffer(size.value)
    assert lib.charls_jpegls_decoder_decode_to_buffer(dec, out, size, ctypes.c_uint32(0)) == 0
    bits = int(f.split('_')[1][:-1]); comps = int(f.split('_')[2][:-1]); ilv = int(f.split('_')[3][3:])
    w, h = 33, 21
    bps = 1 if bits <= 8 else 2
    fmt = '<B' if bps == 1 else '<H'
    vals = [struct.unpack_from(fmt, out.raw, i * bps)[0] for i in range(w * h * comps)]
    if ilv == 0 and comps > 1:  # planar -> interleaved
        vals = [vals[c * w * h + p] for p in range(w * h) for c in range(comps)]
    open(f[:-4] + '.expected', 'wb').write(struct.pack('<%dH' % len(vals), *vals))
    lib.charls_jpegls_decoder_destroy(dec)
print('ok')
