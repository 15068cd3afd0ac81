package org.fractify.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.fractify.dicom.DicomException.Reason;
import org.fractify.testsupport.SharedData;
import org.junit.jupiter.api.Test;

/** Native, RLE and encapsulated decoding on hand-built images. */
class PixelDecodingTest {

    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();

    private static DicomBytes header(int samples, String photometric, int rows, int cols, int frames, int allocated,
            int stored, int highBit, int signed, int planar) {
        DicomBytes b = DicomBytes.explicitLe().us(Tag.SamplesPerPixel, samples)
                .str(Tag.PhotometricInterpretation, "CS", photometric);
        if (samples > 1) {
            b.us(Tag.PlanarConfiguration, planar);
        }
        if (frames > 1) {
            b.str(Tag.NumberOfFrames, "IS", Integer.toString(frames));
        }
        return b.us(Tag.Rows, rows).us(Tag.Columns, cols).us(Tag.BitsAllocated, allocated)
                .us(Tag.BitsStored, stored).us(Tag.HighBit, highBit).us(Tag.PixelRepresentation, signed);
    }

    private static PixelData pixels(String ts, DicomBytes ds) {
        return DicomReader.read(DicomBytes.part10(ts, ds.toByteArray())).pixelData();
    }

    private static byte[] le16(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    @Test
    void storedValuesAreShiftedMaskedAndSignExtended() {
        // 12 bits stored at bits 15..4 (High Bit 15), signed: PS3.5 section 8.1.1.
        DicomBytes ds = header(1, "MONOCHROME2", 1, 3, 1, 16, 12, 15, 1, 0)
                .element(Tag.PixelData, "OW", le16(0x7FF0, 0x8000, 0xFFFF));
        PixelData p = pixels(EXPLICIT_LE, ds);
        Frame f = p.decodeFrame(0);
        assertThat(f.toIntArray()).containsExactly(2047, -2048, -1);
        assertThat(f.signed()).isTrue();

        DicomBytes unsigned = header(1, "MONOCHROME2", 1, 2, 1, 16, 12, 11, 0, 0)
                .element(Tag.PixelData, "OW", le16(0xF123, 0x0FFF));
        assertThat(pixels(EXPLICIT_LE, unsigned).decodeFrame(0).toIntArray()).containsExactly(0x123, 0xFFF);
    }

    @Test
    void onePixelPerBitAcrossFrames() {
        // 3x3 frames (9 bits each) are packed contiguously, first pixel in the least significant bit.
        DicomBytes ds = header(1, "MONOCHROME2", 3, 3, 2, 1, 1, 0, 0, 0)
                .element(Tag.PixelData, "OB", new byte[] {(byte) 0b1010_0101, (byte) 0b1111_0001, 0b0000_0011, 0});
        PixelData p = pixels(EXPLICIT_LE, ds);
        assertThat(p.decodeFrame(0).toIntArray()).containsExactly(1, 0, 1, 0, 0, 1, 0, 1, 1);
        assertThat(p.decodeFrame(1).toIntArray()).containsExactly(0, 0, 0, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void planarConfigurationOneIsInterleaved() {
        DicomBytes ds = header(3, "RGB", 1, 2, 1, 8, 8, 7, 0, 1)
                .element(Tag.PixelData, "OB", new byte[] {1, 2, 3, 4, 5, 6});
        Frame f = pixels(EXPLICIT_LE, ds).decodeFrame(0);
        assertThat(f.toIntArray()).containsExactly(1, 3, 5, 2, 4, 6);
        assertThat(f.get(0, 1, 2)).isEqualTo(6);
    }

    @Test
    void nativeYbrFull422IsUpsampledWithoutColourConversion() {
        DicomBytes ds = header(3, "YBR_FULL_422", 1, 4, 1, 8, 8, 7, 0, 0)
                .element(Tag.PixelData, "OB", new byte[] {10, 20, 100, (byte) 200, 30, 40, 101, (byte) 201});
        Frame f = pixels(EXPLICIT_LE, ds).decodeFrame(0);
        assertThat(f.photometricInterpretation()).isEqualTo("YBR_FULL");
        assertThat(f.toIntArray()).containsExactly(10, 100, 200, 20, 100, 200, 30, 101, 201, 40, 101, 201);
    }

    @Test
    void thirtyTwoBitAndFloatPixels() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-5).putInt(0xFFFFFFFE);
        DicomBytes ds = header(1, "MONOCHROME2", 1, 2, 1, 32, 32, 31, 0, 0).element(Tag.PixelData, "OW", b.array());
        Frame f = pixels(EXPLICIT_LE, ds).decodeFrame(0);
        assertThat(f.getUnsigned(0, 1, 0)).isEqualTo(0xFFFFFFFEL);
        assertThat(f.getUnsigned(0, 0, 0)).isEqualTo(0xFFFFFFFBL);

        ByteBuffer fl = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2.25f);
        DicomBytes fds = DicomBytes.explicitLe().us(Tag.SamplesPerPixel, 1)
                .str(Tag.PhotometricInterpretation, "CS", "MONOCHROME2").us(Tag.Rows, 1).us(Tag.Columns, 2)
                .us(Tag.BitsAllocated, 32).element(Tag.FloatPixelData, "OF", fl.array());
        Frame ff = pixels(EXPLICIT_LE, fds).decodeFrame(0);
        assertThat(ff.sampleType()).isEqualTo(Frame.SampleType.FLOAT32);
        assertThat(ff.toDoubleArray()).containsExactly(1.5, -2.25);
    }

    @Test
    void bigEndianPixelData() {
        String be = TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid();
        DicomBytes ds = DicomBytes.explicitBe().us(Tag.SamplesPerPixel, 1)
                .str(Tag.PhotometricInterpretation, "CS", "MONOCHROME2").us(Tag.Rows, 1).us(Tag.Columns, 2)
                .us(Tag.BitsAllocated, 16).us(Tag.BitsStored, 16).us(Tag.HighBit, 15).us(Tag.PixelRepresentation, 1)
                .element(Tag.PixelData, "OW", new byte[] {(byte) 0xFF, (byte) 0xFE, 0x01, 0x02});
        assertThat(pixels(be, ds).decodeFrame(0).toIntArray()).containsExactly(-2, 0x0102);
        // 8-bit samples in an OW value are swapped in pairs in big endian (PS3.5 section 7.3).
        DicomBytes ds8 = DicomBytes.explicitBe().us(Tag.SamplesPerPixel, 1)
                .str(Tag.PhotometricInterpretation, "CS", "MONOCHROME2").us(Tag.Rows, 1).us(Tag.Columns, 4)
                .us(Tag.BitsAllocated, 8).us(Tag.BitsStored, 8).us(Tag.HighBit, 7).us(Tag.PixelRepresentation, 0)
                .element(Tag.PixelData, "OW", new byte[] {2, 1, 4, 3});
        assertThat(pixels(be, ds8).decodeFrame(0).toIntArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void inconsistentDescriptorsAreRefused() {
        DicomBytes shortData = header(1, "MONOCHROME2", 2, 2, 1, 16, 16, 15, 0, 0)
                .element(Tag.PixelData, "OW", new byte[6]);
        assertThatThrownBy(() -> pixels(EXPLICIT_LE, shortData)).isInstanceOfSatisfying(DicomException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_IMAGE);
            assertThat(e.tag()).isEqualTo(Tag.PixelData);
        });
        DicomBytes bits = header(1, "MONOCHROME2", 1, 1, 1, 8, 12, 11, 0, 0).element(Tag.PixelData, "OB", new byte[2]);
        assertThatThrownBy(() -> pixels(EXPLICIT_LE, bits)).isInstanceOfSatisfying(DicomException.class,
                e -> assertThat(e.tag()).isEqualTo(Tag.BitsStored));
        DicomBytes samples = header(3, "MONOCHROME2", 1, 1, 1, 8, 8, 7, 0, 0).element(Tag.PixelData, "OB", new byte[4]);
        assertThatThrownBy(() -> pixels(EXPLICIT_LE, samples)).isInstanceOf(DicomException.class);
        DicomBytes huge = header(1, "MONOCHROME2", 0xFFFF, 0xFFFF, 1, 8, 8, 7, 0, 0)
                .header(Tag.PixelData, "OB", 0xFFFFFFFFL).item(Tag.Item, 0).item(Tag.Item, 2).raw(new byte[2])
                .item(Tag.SequenceDelimitationItem, 0);
        byte[] file = DicomBytes.part10(TransferSyntax.RLE_LOSSLESS.uid(), huge.toByteArray());
        assertThatThrownBy(() -> DicomReader.read(file, ReadOptions.defaults().withMaxFrameSamples(1 << 20))
                .pixelData()).isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIZE_LIMIT_EXCEEDED));
        assertThatThrownBy(() -> DicomReader.read(DicomBytes.part10(EXPLICIT_LE, DicomBytes.explicitLe()
                .str(Tag.PatientID, "LO", "x").toByteArray())).pixelData())
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_PIXEL_DATA));
    }

    /** PackBits encoding with literal runs only (enough for tests). */
    private static byte[] packBits(byte[] plane) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int i = 0; i < plane.length; i += 128) {
            int n = Math.min(128, plane.length - i);
            o.write(n - 1);
            o.write(plane, i, n);
        }
        if (o.size() % 2 == 1) {
            o.write(0x80); // no-op byte keeps segments even
        }
        return o.toByteArray();
    }

    private static byte[] rleFrame(byte[]... segments) {
        ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(segments.length);
        int offset = 64;
        for (byte[] s : segments) {
            h.putInt(offset);
            offset += s.length;
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(h.array(), 0, 64);
        for (byte[] s : segments) {
            o.write(s, 0, s.length);
        }
        return o.toByteArray();
    }

    private static DicomBytes encapsulated(DicomBytes b, byte[] bot, List<byte[]> fragments) {
        b.header(Tag.PixelData, "OB", 0xFFFFFFFFL).item(Tag.Item, bot.length).raw(bot);
        for (byte[] f : fragments) {
            b.item(Tag.Item, f.length).raw(f);
        }
        return b.item(Tag.SequenceDelimitationItem, 0);
    }

    @Test
    void rleLosslessSixteenBit() {
        // PS3.5 Annex G: one segment per byte plane, most significant first; a replicate run in the low plane.
        byte[] high = packBits(new byte[] {0x01, 0x00, (byte) 0xFF, 0x7F});
        byte[] low = {(byte) 0xFD, 0x02, 0, 0}; // replicate 0x02 four times, then two no-op bytes
        low[2] = (byte) 0x80;
        low[3] = (byte) 0x80;
        byte[] frame = rleFrame(high, low);
        DicomBytes ds = encapsulated(header(1, "MONOCHROME2", 2, 2, 1, 16, 16, 15, 1, 0), new byte[0],
                List.of(frame));
        Frame f = pixels(TransferSyntax.RLE_LOSSLESS.uid(), ds).decodeFrame(0);
        assertThat(f.toIntArray()).containsExactly(0x0102, 0x0002, (short) 0xFF02, 0x7F02);

        byte[] bad = frame.clone();
        bad[0] = 15;
        DicomBytes badDs = encapsulated(header(1, "MONOCHROME2", 2, 2, 1, 16, 16, 15, 1, 0), new byte[0],
                List.of(bad));
        assertThatThrownBy(() -> pixels(TransferSyntax.RLE_LOSSLESS.uid(), badDs).decodeFrame(0))
                .isInstanceOfSatisfying(DicomException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CORRUPT_PIXEL_DATA);
                    assertThat(e.tag()).isEqualTo(Tag.PixelData);
                    assertThat(e.getMessage()).contains("15 segments");
                });
    }

    @Test
    void basicOffsetTableMapsFramesToFragments() {
        // Encapsulated uncompressed (PS3.5 section A.4.11): 3 frames of 2 bytes, frame 1 split in two fragments.
        List<byte[]> fragments = List.of(new byte[] {1, 2}, new byte[] {3, 0}, new byte[] {4, 0}, new byte[] {5, 6});
        byte[] bot = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(10).putInt(30).array();
        DicomBytes ds = encapsulated(header(1, "MONOCHROME2", 1, 2, 3, 8, 8, 7, 0, 0), bot, fragments);
        PixelData p = pixels(TransferSyntax.ENCAPSULATED_UNCOMPRESSED.uid(), ds);
        assertThat(p.fragmentCount()).isEqualTo(4);
        assertThat(p.frameData(1)).containsExactly(3, 0, 4, 0);
        assertThat(p.decodeFrame(0).toIntArray()).containsExactly(1, 2);
        assertThat(p.decodeFrame(1).toIntArray()).containsExactly(3, 0);
        assertThat(p.decodeFrame(2).toIntArray()).containsExactly(5, 6);
        assertThatThrownBy(() -> p.decodeFrame(3)).isInstanceOf(IndexOutOfBoundsException.class);

        byte[] badBot = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(12).putInt(30)
                .array();
        DicomBytes bad = encapsulated(header(1, "MONOCHROME2", 1, 2, 3, 8, 8, 7, 0, 0), badBot, fragments);
        assertThatThrownBy(() -> pixels(TransferSyntax.ENCAPSULATED_UNCOMPRESSED.uid(), bad))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ENCAPSULATION));

        DicomBytes tooFew = encapsulated(header(1, "MONOCHROME2", 1, 2, 5, 8, 8, 7, 0, 0), new byte[0], fragments);
        assertThatThrownBy(() -> pixels(TransferSyntax.ENCAPSULATED_UNCOMPRESSED.uid(), tooFew))
                .isInstanceOfSatisfying(DicomException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_ENCAPSULATION);
                    assertThat(e.getMessage()).contains("4 fragments for 5 frames");
                });
    }

    @Test
    void encapsulationMustMatchTheTransferSyntax() {
        DicomBytes nativeInJpeg = header(1, "MONOCHROME2", 1, 2, 1, 8, 8, 7, 0, 0)
                .element(Tag.PixelData, "OB", new byte[2]);
        assertThatThrownBy(() -> pixels(TransferSyntax.JPEG_BASELINE.uid(), nativeInJpeg))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ENCAPSULATION));
        DicomBytes encapsulatedInNative = encapsulated(header(1, "MONOCHROME2", 1, 2, 1, 8, 8, 7, 0, 0),
                new byte[0], List.of(new byte[2]));
        assertThatThrownBy(() -> pixels(EXPLICIT_LE, encapsulatedInNative))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ENCAPSULATION));
        DicomBytes notJpeg = encapsulated(header(1, "MONOCHROME2", 1, 2, 1, 8, 8, 7, 0, 0), new byte[0],
                List.of(new byte[] {1, 2, 3, 4}));
        assertThatThrownBy(() -> pixels(TransferSyntax.JPEG_BASELINE.uid(), notJpeg).decodeFrame(0))
                .isInstanceOfSatisfying(DicomException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_PIXEL_DATA));
    }

    @Test
    void segmentedPaletteIsExpanded() {
        // PS3.3 C.7.9.2: discrete segment (0), linear segment (1), indirect segment (2).
        byte[] seg = le16(0, 2, 0, 100, 1, 2, 200, 2, 1, 0, 0);
        byte[] desc = le16(7, 0, 16);
        DicomBytes ds = header(1, "PALETTE COLOR", 1, 2, 1, 8, 8, 7, 0, 0)
                .element(Tag.RedPaletteColorLookupTableDescriptor, "US", desc)
                .element(Tag.GreenPaletteColorLookupTableDescriptor, "US", desc)
                .element(Tag.BluePaletteColorLookupTableDescriptor, "US", desc)
                .element(Tag.SegmentedRedPaletteColorLookupTableData, "OW", seg)
                .element(Tag.SegmentedGreenPaletteColorLookupTableData, "OW", seg)
                .element(Tag.SegmentedBluePaletteColorLookupTableData, "OW", seg)
                .element(Tag.PixelData, "OB", new byte[] {2, 9});
        PixelData p = pixels(EXPLICIT_LE, ds);
        PaletteColorLut lut = p.descriptor().palette();
        assertThat(lut.red().data()).containsExactly(0, 100, 150, 200, 0, 100, 100);
        Frame rgb = lut.apply(p.decodeFrame(0));
        assertThat(rgb.toIntArray()).containsExactly(150, 150, 150, 100, 100, 100);
        assertThat(rgb.photometricInterpretation()).isEqualTo("RGB");
    }

    @Test
    void windowRescaleAndLutsAreExposed() {
        byte[] lutData = le16(10, 20, 30);
        DicomBytes item = DicomBytes.explicitLe().element(Tag.LUTDescriptor, "US", le16(3, 0, 16))
                .str(Tag.LUTExplanation, "LO", "TEST").element(Tag.LUTData, "OW", lutData);
        byte[] it = item.toByteArray();
        DicomBytes ds = header(1, "MONOCHROME2", 1, 2, 1, 8, 8, 7, 0, 0)
                .str(Tag.WindowCenter, "DS", "40\\400").str(Tag.WindowWidth, "DS", "80\\2000")
                .str(Tag.RescaleIntercept, "DS", "-1024").str(Tag.RescaleSlope, "DS", "2")
                .header(Tag.VOILUTSequence, "SQ", 8 + it.length).item(Tag.Item, it.length).raw(it)
                .element(Tag.PixelData, "OB", new byte[] {0, 5});
        ImageDescriptor d = pixels(EXPLICIT_LE, ds).descriptor();
        assertThat(d.windowCenters()).containsExactly(40, 400);
        assertThat(d.windowWidths()).containsExactly(80, 2000);
        assertThat(d.rescale(5)).isEqualTo(-1014);
        assertThat(d.voiLut().data()).containsExactly(10, 20, 30);
        assertThat(d.voiLut().lookup(7)).isEqualTo(30);
        assertThat(d.voiLut().explanation()).isEqualTo("TEST");
        assertThat(d.modalityLut()).isNull();
    }

    @Test
    void iconImageInsideAnEncapsulatedFileIsNative() {
        DicomObject o = DicomReader.read(SharedData.dicomCorpus().resolve("files/fo-dicom/JPEGwithIcon.dcm"));
        DicomObject icon = o.getSequence(Tag.IconImageSequence).get(0);
        PixelData p = icon.pixelData();
        assertThat(p.encapsulated()).isFalse();
        Frame f = p.decodeFrame(0);
        assertThat(f.rows()).isEqualTo(icon.getInt(Tag.Rows, -1));
        assertThat(o.pixelData().encapsulated()).isTrue();
    }
}
