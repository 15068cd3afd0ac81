package org.fractify.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.fractify.dicom.DicomException.Reason;
import org.junit.jupiter.api.Test;

/** Hand-built inputs, one per failure reason, asserting reason, tag and byte offset. */
class DicomReaderTest {

    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";

    /** Offset at which the data set starts in {@link DicomBytes#part10}. */
    private static int dataSetOffset(String ts) {
        return DicomBytes.part10(ts, new byte[0]).length;
    }

    private static DicomBytes patient() {
        return DicomBytes.explicitLe().str(Tag.SOPClassUID, "UI", "1.2.840.10008.5.1.4.1.1.7")
                .str(Tag.PatientName, "PN", "Doe^John").str(Tag.PatientID, "LO", "P-1");
    }

    private static DicomException thrown(byte[] data) {
        return thrown(data, ReadOptions.defaults());
    }

    private static DicomException thrown(byte[] data, ReadOptions options) {
        try {
            DicomObject o = DicomReader.read(data, options);
            if (o.hasPixelData()) {
                PixelData p = o.pixelData();
                for (int i = 0; i < p.frameCount(); i++) {
                    p.decodeFrame(i);
                }
            }
        } catch (DicomException e) {
            return e;
        }
        throw new AssertionError("expected a DicomException");
    }

    @Test
    void readsMinimalExplicitFile() {
        DicomObject o = DicomReader.read(DicomBytes.part10(EXPLICIT_LE, patient().toByteArray()));
        assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(o.transferSyntaxUid()).isEqualTo(EXPLICIT_LE);
        assertThat(o.getString(Tag.PatientName)).isEqualTo("Doe^John");
        assertThat(o.getString(Tag.PatientID)).isEqualTo("P-1");
        assertThat(o.vr(Tag.PatientID)).isEqualTo(VR.LO);
        assertThat(o.fileMetaInformation()).hasValueSatisfying(
                m -> assertThat(m.getString(Tag.TransferSyntaxUID)).isEqualTo(EXPLICIT_LE));
        assertThat(o.tags()).containsExactly(Tag.SOPClassUID, Tag.PatientName, Tag.PatientID);
    }

    @Test
    void lengthBeyondRemainingNamesTagAndOffset() {
        // PS3.5 section 7.1.1: a value cannot extend past its container.
        byte[] ds = DicomBytes.explicitLe().header(Tag.PixelData, "OW", 1735288172L).raw(new byte[1]).toByteArray();
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, ds));
        int at = dataSetOffset(EXPLICIT_LE);
        assertThat(e.reason()).isEqualTo(Reason.LENGTH_OVERRUN);
        assertThat(e.tag()).isEqualTo(Tag.PixelData);
        assertThat(e.offset()).isEqualTo(at);
        assertThat(e.getMessage()).isEqualTo("(7FE0,0010) @ " + at + ": length 1735288172 exceeds remaining 1");
    }

    @Test
    void declaredFourGibibytesIsRefusedWithoutAllocating() {
        byte[] ds = patient().header(Tag.of(0x0009, 0x1001), "OB", 0xFFFFFFF0L).raw(new byte[16]).toByteArray();
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, ds));
        assertThat(e.reason()).isEqualTo(Reason.LENGTH_OVERRUN);
        assertThat(e.tag()).isEqualTo(Tag.of(0x0009, 0x1001));
        assertThat(e.getMessage()).endsWith("length 4294967280 exceeds remaining 16");
    }

    @Test
    void oddLengthIsRefused() {
        int at = dataSetOffset(EXPLICIT_LE);
        byte[] ds = DicomBytes.explicitLe().element(Tag.PatientName, "PN", "ABC".getBytes(StandardCharsets.US_ASCII))
                .toByteArray();
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, ds));
        assertThat(e.reason()).isEqualTo(Reason.ODD_LENGTH);
        assertThat(e.tag()).isEqualTo(Tag.PatientName);
        assertThat(e.offset()).isEqualTo(at);
    }

    @Test
    void unknownVrIsRefused() {
        int at = dataSetOffset(EXPLICIT_LE);
        byte[] ds = DicomBytes.explicitLe().element(Tag.PatientName, "ZZ", new byte[2]).toByteArray();
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, ds));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VR);
        assertThat(e.tag()).isEqualTo(Tag.PatientName);
        assertThat(e.offset()).isEqualTo(at);
        assertThat(e.getMessage()).contains("'ZZ'");
    }

    @Test
    void tagsOutOfOrderAreRefused() {
        byte[] ds = DicomBytes.explicitLe().str(Tag.PatientID, "LO", "1").str(Tag.PatientName, "PN", "A")
                .toByteArray();
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, ds));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_TAG);
        assertThat(e.tag()).isEqualTo(Tag.PatientName);
        assertThat(e.offset()).isEqualTo(dataSetOffset(EXPLICIT_LE) + 10);
    }

    @Test
    void invalidDecimalStringIsRefused() {
        byte[] ds = DicomBytes.explicitLe().str(Tag.SliceThickness, "DS", "1,5").toByteArray();
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, ds));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.tag()).isEqualTo(Tag.SliceThickness);
    }

    /** n nested undefined-length sequences, innermost empty. */
    private static byte[] nested(int n) {
        DicomBytes b = DicomBytes.explicitLe();
        for (int i = 0; i < n; i++) {
            b.header(Tag.of(0x0040, 0xA730), "SQ", 0xFFFFFFFFL).item(Tag.Item, 0xFFFFFFFFL);
        }
        for (int i = 0; i < n; i++) {
            b.item(Tag.ItemDelimitationItem, 0).item(Tag.SequenceDelimitationItem, 0);
        }
        return b.toByteArray();
    }

    @Test
    void deepNestingHitsTheDepthLimit() {
        int at = dataSetOffset(EXPLICIT_LE);
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, nested(5000)));
        assertThat(e.reason()).isEqualTo(Reason.DEPTH_LIMIT_EXCEEDED);
        assertThat(e.tag()).isEqualTo(Tag.ContentSequence);
        // The 65th sequence header: each level is a 12-byte SQ header and an 8-byte item header.
        assertThat(e.offset()).isEqualTo(at + 64 * 20L);

        DicomObject ok = DicomReader.read(DicomBytes.part10(EXPLICIT_LE, nested(64)));
        DicomObject item = ok;
        for (int i = 0; i < 64; i++) {
            item = item.getSequence(Tag.ContentSequence).get(0);
        }
        assertThat(item.size()).isZero();

        DicomException limited = thrown(DicomBytes.part10(EXPLICIT_LE, nested(5000)),
                ReadOptions.defaults().withMaxSequenceDepth(ReadOptions.MAX_SEQUENCE_DEPTH));
        assertThat(limited.reason()).isEqualTo(Reason.DEPTH_LIMIT_EXCEEDED);
    }

    @Test
    void itemOverrunningItsSequenceIsRefused() {
        DicomBytes b = DicomBytes.explicitLe().header(Tag.ReferencedImageSequence, "SQ", 16);
        int itemAt = dataSetOffset(EXPLICIT_LE) + b.size();
        b.item(Tag.Item, 4096).raw(new byte[8]);
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, b.toByteArray()));
        assertThat(e.reason()).isEqualTo(Reason.LENGTH_OVERRUN);
        assertThat(e.tag()).isEqualTo(Tag.Item);
        assertThat(e.offset()).isEqualTo(itemAt);
        assertThat(e.getMessage()).contains("item length 4096 exceeds remaining 8");
    }

    @Test
    void missingSequenceDelimiterIsTruncation() {
        byte[] ds = DicomBytes.explicitLe().header(Tag.ReferencedImageSequence, "SQ", 0xFFFFFFFFL)
                .item(Tag.Item, 0).toByteArray();
        assertThat(thrown(DicomBytes.part10(EXPLICIT_LE, ds)).reason()).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void sequenceDelimiterInsideDefinedLengthSequenceIsRefused() {
        byte[] ds = DicomBytes.explicitLe().header(Tag.ReferencedImageSequence, "SQ", 8)
                .item(Tag.SequenceDelimitationItem, 0).toByteArray();
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, ds));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_SEQUENCE);
        assertThat(e.tag()).isEqualTo(Tag.SequenceDelimitationItem);
    }

    @Test
    void undefinedLengthOnlyForSequencesAndEncapsulatedPixelData() {
        byte[] ds = DicomBytes.explicitLe().header(Tag.of(0x0009, 0x1001), "OB", 0xFFFFFFFFL).raw(new byte[8])
                .toByteArray();
        DicomException e = thrown(DicomBytes.part10(EXPLICIT_LE, ds));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VR);
        assertThat(e.tag()).isEqualTo(Tag.of(0x0009, 0x1001));
    }

    @Test
    void unknownTransferSyntaxIsUnsupportedAndNamed() {
        DicomException e = thrown(DicomBytes.part10("1.2.3.4.5", patient().toByteArray()));
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_TRANSFER_SYNTAX);
        assertThat(e.reason().unsupported()).isTrue();
        assertThat(e.tag()).isEqualTo(Tag.TransferSyntaxUID);
        assertThat(e.getMessage()).contains("1.2.3.4.5").contains("unknown transfer syntax");
    }

    @Test
    void undecodableTransferSyntaxParsesButRefusesPixels() {
        String mpeg2 = TransferSyntax.MPEG2_MAIN.uid();
        byte[] ds = image(DicomBytes.explicitLe(), 2, 2, 8, "MONOCHROME2").header(Tag.PixelData, "OB", 0xFFFFFFFFL)
                .item(Tag.Item, 0).item(Tag.Item, 4).raw(new byte[4]).item(Tag.SequenceDelimitationItem, 0)
                .toByteArray();
        DicomObject o = DicomReader.read(DicomBytes.part10(mpeg2, ds));
        assertThat(o.getInt(Tag.Rows, 0)).isEqualTo(2);
        PixelData p = o.pixelData();
        assertThat(p.frameData(0)).hasSize(4);
        assertThatThrownBy(() -> p.decodeFrame(0)).isInstanceOfSatisfying(DicomException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_TRANSFER_SYNTAX);
            assertThat(e.getMessage()).contains(mpeg2).contains("MPEG2 Main Profile / Main Level");
        });
    }

    @Test
    void fileMetaMustStartWithGroupLengthAndHoldTransferSyntax() {
        byte[] good = DicomBytes.part10(EXPLICIT_LE, patient().toByteArray());
        byte[] noGroupLength = new byte[good.length - 12];
        System.arraycopy(good, 0, noGroupLength, 0, 132);
        System.arraycopy(good, 144, noGroupLength, 132, good.length - 144);
        DicomException e = thrown(noGroupLength);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_FILE_META);
        assertThat(e.offset()).isEqualTo(132);

        byte[] wrongLength = good.clone();
        wrongLength[140] += 2; // group length 2 bytes too long
        assertThat(thrown(wrongLength).reason()).isEqualTo(Reason.INVALID_FILE_META);

        DicomBytes meta = DicomBytes.explicitLe().str(Tag.MediaStorageSOPInstanceUID, "UI", "1.2");
        byte[] m = meta.toByteArray();
        DicomBytes file = DicomBytes.explicitLe().raw(new byte[128]).raw("DICM".getBytes(StandardCharsets.US_ASCII))
                .element(Tag.FileMetaInformationGroupLength, "UL", DicomBytes.le32(m.length)).raw(m)
                .raw(patient().toByteArray());
        DicomException noTs = thrown(file.toByteArray());
        assertThat(noTs.reason()).isEqualTo(Reason.INVALID_FILE_META);
        assertThat(noTs.tag()).isEqualTo(Tag.TransferSyntaxUID);
    }

    @Test
    void notDicomInputs() {
        assertThat(thrown(new byte[0]).reason()).isEqualTo(Reason.NOT_DICOM);
        assertThat(thrown(new byte[200]).reason()).isEqualTo(Reason.NOT_DICOM);
        byte[] pre = new byte[132];
        pre[128] = 'D';
        pre[129] = 'I';
        pre[130] = 'C';
        pre[131] = 'M';
        assertThat(thrown(pre).reason()).isEqualTo(Reason.TRUNCATED);
        // explicit VR data set without meta: transfer syntax unknown
        DicomException e = thrown(patient().toByteArray());
        assertThat(e.reason()).isEqualTo(Reason.NOT_DICOM);
        assertThat(e.offset()).isZero();
    }

    @Test
    void bareImplicitDataSetUsesDefaultTransferSyntax() {
        DicomBytes b = DicomBytes.implicitLe().str(Tag.SOPClassUID, "UI", "1.2.3")
                .str(Tag.PatientName, "PN", "X^Y").us(Tag.Rows, 512);
        DicomObject o = DicomReader.read(b.toByteArray());
        assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(o.fileMetaInformation()).isEmpty();
        assertThat(o.vr(Tag.Rows)).isEqualTo(VR.US); // from the dictionary
        assertThat(o.getInt(Tag.Rows, 0)).isEqualTo(512);
        assertThat(o.getString(Tag.PatientName)).isEqualTo("X^Y");
    }

    @Test
    void implicitPrivateSequenceIsRecognisedByItsItems() {
        DicomBytes inner = DicomBytes.implicitLe().str(Tag.PatientID, "LO", "inner");
        byte[] in = inner.toByteArray();
        DicomBytes b = DicomBytes.implicitLe().str(Tag.of(0x0009, 0x0010), "LO", "ACME")
                .header(Tag.of(0x0009, 0x1001), "UN", 8 + in.length).item(Tag.Item, in.length).raw(in);
        DicomObject o = DicomReader.read(DicomBytes.part10(IMPLICIT_LE, b.toByteArray()));
        assertThat(o.getSequence(Tag.of(0x0009, 0x1001))).singleElement()
                .satisfies(item -> assertThat(item.getString(Tag.PatientID)).isEqualTo("inner"));
        assertThat(o.getString(Tag.of(0x0009, 0x0010))).isEqualTo("ACME");
    }

    @Test
    void explicitUnknownVrOfUndefinedLengthIsImplicitSequence() {
        // PS3.5 section 6.2.2: UN with undefined length holds an Implicit VR Little Endian sequence.
        byte[] in = DicomBytes.implicitLe().str(Tag.PatientID, "LO", "deep").toByteArray();
        byte[] ds = DicomBytes.explicitLe().header(Tag.of(0x0009, 0x1001), "UN", 0xFFFFFFFFL)
                .item(Tag.Item, in.length).raw(in).item(Tag.SequenceDelimitationItem, 0)
                .str(Tag.of(0x0010, 0x0020), "LO", "after").toByteArray();
        DicomObject o = DicomReader.read(DicomBytes.part10(EXPLICIT_LE, ds));
        assertThat(o.vr(Tag.of(0x0009, 0x1001))).isEqualTo(VR.SQ);
        assertThat(o.getSequence(Tag.of(0x0009, 0x1001)).get(0).getString(Tag.PatientID)).isEqualTo("deep");
        assertThat(o.getString(Tag.PatientID)).isEqualTo("after");
    }

    @Test
    void bigEndianValues() {
        byte[] ds = DicomBytes.explicitBe().element(Tag.of(0x0018, 0x1310), "US", new byte[] {0, 1, 0, 2})
                .us(Tag.Rows, 0x0102).toByteArray();
        DicomObject o = DicomReader.read(DicomBytes.part10(EXPLICIT_BE, ds));
        assertThat(o.bigEndian()).isTrue();
        assertThat(o.getInt(Tag.Rows, 0)).isEqualTo(0x0102);
        assertThat(o.getInts(Tag.of(0x0018, 0x1310))).containsExactly(1, 2);
    }

    @Test
    void deflatedDataSet() {
        byte[] ds = patient().toByteArray();
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(ds);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        byte[] file = DicomBytes.part10(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(), z.toByteArray());
        DicomObject o = DicomReader.read(file);
        assertThat(o.getString(Tag.PatientName)).isEqualTo("Doe^John");

        byte[] corrupt = file.clone();
        corrupt[corrupt.length - 3] ^= 0x5A;
        corrupt[corrupt.length - 8] ^= 0x5A;
        DicomException e = thrown(corrupt);
        assertThat(e.reason()).isIn(Reason.DEFLATE_ERROR, Reason.TRUNCATED, Reason.LENGTH_OVERRUN,
                Reason.INVALID_VR, Reason.INVALID_TAG, Reason.ODD_LENGTH, Reason.INVALID_VALUE);
        byte[] cut = java.util.Arrays.copyOf(file, file.length - 4);
        assertThat(thrown(cut).reason()).isEqualTo(Reason.DEFLATE_ERROR);
    }

    @Test
    void limitsAreEnforced() {
        byte[] file = DicomBytes.part10(EXPLICIT_LE, patient().toByteArray());
        assertThat(thrown(file, ReadOptions.defaults().withMaxBytes(100)).reason())
                .isEqualTo(Reason.SIZE_LIMIT_EXCEEDED);
        assertThat(thrown(file, ReadOptions.defaults().withMaxElements(2)).reason())
                .isEqualTo(Reason.SIZE_LIMIT_EXCEEDED);
        DicomException e = thrown(file, ReadOptions.defaults().withMaxValueLength(4));
        assertThat(e.reason()).isEqualTo(Reason.SIZE_LIMIT_EXCEEDED);
        assertThatThrownBy(() -> DicomReader.read(new ByteArrayInputStream(file),
                ReadOptions.defaults().withMaxBytes(file.length - 1))).isInstanceOf(DicomException.class);
        assertThat(DicomReader.read(new ByteArrayInputStream(file)).getString(Tag.PatientID)).isEqualTo("P-1");
    }

    @Test
    void stopBeforePixelsKeepsMetadataOnly() {
        byte[] ds = image(DicomBytes.explicitLe(), 2, 2, 8, "MONOCHROME2")
                .element(Tag.PixelData, "OB", new byte[] {1, 2, 3, 4}).toByteArray();
        byte[] file = DicomBytes.part10(EXPLICIT_LE, ds);
        DicomObject o = DicomReader.read(file, ReadOptions.defaults().withStopBeforePixels(true));
        assertThat(o.getInt(Tag.Columns, 0)).isEqualTo(2);
        assertThat(o.hasPixelData()).isFalse();
        assertThat(DicomReader.read(file).hasPixelData()).isTrue();
    }

    @Test
    void valueGetters() {
        byte[] ds = DicomBytes.explicitLe().str(Tag.SpecificCharacterSet, "CS", "ISO_IR 192")
                .str(Tag.ImageType, "CS", "ORIGINAL\\PRIMARY\\AXIAL")
                .str(Tag.StudyDate, "DA", "20240131")
                .element(Tag.PatientName, "PN", "Müller^Jürgen ".getBytes(StandardCharsets.UTF_8))
                .element(Tag.of(0x0018, 0x9087), "FD", java.nio.ByteBuffer.allocate(8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(2.5).array())
                .str(Tag.SeriesNumber, "IS", " 12 ")
                .str(Tag.ImagePositionPatient, "DS", "-125.5\\1e2\\+3")
                .element(Tag.of(0x0028, 0x0009), "AT", new byte[] {0x18, 0x00, 0x63, 0x10})
                .element(Tag.of(0x0028, 0x0106), "SS", new byte[] {(byte) 0xFE, (byte) 0xFF})
                .str(Tag.WindowCenter, "DS", "1.5").toByteArray();
        DicomObject o = DicomReader.read(DicomBytes.part10(EXPLICIT_LE, ds));
        assertThat(o.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
        assertThat(o.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "AXIAL");
        assertThat(o.getString(Tag.ImageType)).isEqualTo("ORIGINAL");
        assertThat(o.getInt(Tag.SeriesNumber).getAsInt()).isEqualTo(12);
        assertThat(o.getDoubles(Tag.ImagePositionPatient)).containsExactly(-125.5, 100.0, 3.0);
        assertThat(o.getInt(Tag.of(0x0028, 0x0106), 0)).isEqualTo(-2);
        assertThat(o.getInts(Tag.of(0x0028, 0x0009))).containsExactly(Tag.of(0x0018, 0x1063));
        assertThat(o.getString(Tag.of(0x0028, 0x0009))).isEqualTo("(0018,1063)");
        assertThat(o.getDouble(Tag.of(0x0018, 0x9087), 0)).isEqualTo(2.5);
        assertThat(o.getString(Tag.AccessionNumber)).isNull();
        assertThat(o.getInt(Tag.InstanceNumber)).isEmpty();
        assertThat(o.getSequence(Tag.ReferencedImageSequence)).isEmpty();
        assertThat(o.getBytes(Tag.StudyDate)).containsExactly("20240131".getBytes(StandardCharsets.US_ASCII));
        assertThat(o.offsetOf(Tag.SpecificCharacterSet)).isEqualTo(dataSetOffset(EXPLICIT_LE));
        assertThat(o.getDouble(Tag.WindowCenter, 0)).isEqualTo(1.5);
        assertThatThrownBy(() -> o.getInt(Tag.WindowCenter)).isInstanceOfSatisfying(DicomException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
                    assertThat(e.tag()).isEqualTo(Tag.WindowCenter);
                });
        assertThatThrownBy(() -> o.getSequence(Tag.PatientName)).isInstanceOf(DicomException.class);
    }

    @Test
    void vrKnowsHeaderLengthAndPadding() {
        assertThat(VR.OB.explicitHeaderLength()).isEqualTo(12);
        assertThat(VR.SQ.explicitHeaderLength()).isEqualTo(12);
        assertThat(VR.UT.explicitHeaderLength()).isEqualTo(12);
        assertThat(VR.US.explicitHeaderLength()).isEqualTo(8);
        assertThat(VR.PN.explicitHeaderLength()).isEqualTo(8);
        assertThat(VR.PN.paddingByte()).isEqualTo((byte) ' ');
        assertThat(VR.UI.paddingByte()).isEqualTo((byte) 0);
        assertThat(VR.OB.paddingByte()).isEqualTo((byte) 0);
        assertThat(VR.fromBytes('p', 'n')).isNull();
        assertThat(VR.fromCode("SV")).isEqualTo(VR.SV);
    }

    /** Image Pixel module attributes. */
    static DicomBytes image(DicomBytes b, int rows, int cols, int bits, String photometric) {
        return b.us(Tag.SamplesPerPixel, photometric.startsWith("MONO") || photometric.startsWith("PAL") ? 1 : 3)
                .str(Tag.PhotometricInterpretation, "CS", photometric).us(Tag.Rows, rows).us(Tag.Columns, cols)
                .us(Tag.BitsAllocated, bits).us(Tag.BitsStored, bits).us(Tag.HighBit, bits - 1)
                .us(Tag.PixelRepresentation, 0);
    }
}
