package org.fractify.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fractify.dicom.cli.DicomDecode;
import org.fractify.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dicom-decode command writes the corpus golden format and fails with one line and an exit code. */
class DicomDecodeCliTest {

    @TempDir
    Path tmp;

    private int run(String[] args, ByteArrayOutputStream err) {
        PrintStream saveErr = System.err;
        PrintStream saveOut = System.out;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return DicomDecode.run(args);
        } finally {
            System.setErr(saveErr);
            System.setOut(saveOut);
        }
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        Raster r = img.getRaster();
        return r.getPixels(0, 0, r.getWidth(), r.getHeight(), (int[]) null);
    }

    @Test
    void writesGoldenPngs() throws Exception {
        Path corpus = SharedData.dicomCorpus();
        String[][] cases = {
            {"files/pydicom-deb/CT_small.dcm", "golden/pydicom-deb__CT_small.png"}, // 16-bit signed grey
            {"files/pydicom-data/SC_rgb_16bit.dcm", "golden/pydicom-data__SC_rgb_16bit.png"}, // 16-bit RGB
            {"files/pydicom-data/SC_rgb_2frame.dcm", "golden/pydicom-data__SC_rgb_2frame.png"}, // stacked frames
            {"files/pydicom-data/emri_small_RLE.dcm", "golden/pydicom-data__emri_small.png"},
        };
        for (String[] c : cases) {
            Path out = tmp.resolve(Path.of(c[0]).getFileName() + ".png");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(new String[] {corpus.resolve(c[0]).toString(), out.toString()}, err)).as(c[0]).isZero();
            BufferedImage ours = ImageIO.read(out.toFile());
            BufferedImage golden = ImageIO.read(corpus.resolve(c[1]).toFile());
            assertThat(ours.getWidth()).isEqualTo(golden.getWidth());
            assertThat(ours.getHeight()).isEqualTo(golden.getHeight());
            assertThat(ours.getColorModel().getComponentSize(0)).isEqualTo(golden.getColorModel().getComponentSize(0));
            assertThat(pixels(out)).as(c[0]).isEqualTo(pixels(corpus.resolve(c[1])));
        }
    }

    @Test
    void thirtyTwoBitDataGoesToRaw() throws Exception {
        Path corpus = SharedData.dicomCorpus();
        Path out = tmp.resolve("rtdose.png");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(new String[] {corpus.resolve("files/pydicom-deb/rtdose.dcm").toString(), out.toString()}, err))
                .isZero();
        assertThat(Files.readAllBytes(tmp.resolve("rtdose.raw")))
                .isEqualTo(Files.readAllBytes(corpus.resolve("golden/pydicom-deb__rtdose.raw")));
    }

    @Test
    void failuresPrintOneLineAndExitNonZero() throws Exception {
        Path corpus = SharedData.dicomCorpus();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = run(new String[] {corpus.resolve("malformed/generated/empty.dcm").toString(),
            tmp.resolve("x.png").toString()}, err);
        assertThat(rc).isEqualTo(DicomDecode.EXIT_INVALID);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertThat(msg.strip()).doesNotContain("\n").startsWith("dicom-decode: NOT_DICOM");
        assertThat(tmp.resolve("x.png")).doesNotExist();

        // A transfer syntax without a decoder (MPEG-2) exits with the "unsupported" code and names it.
        byte[] mpeg = DicomBytes.part10(TransferSyntax.MPEG2_MAIN.uid(), DicomReaderTest.image(DicomBytes.explicitLe(),
                2, 2, 8, "MONOCHROME2").header(Tag.PixelData, "OB", 0xFFFFFFFFL).item(Tag.Item, 0).item(Tag.Item, 4)
                .raw(new byte[4]).item(Tag.SequenceDelimitationItem, 0).toByteArray());
        Path in = tmp.resolve("mpeg.dcm");
        Files.write(in, mpeg);
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertThat(run(new String[] {in.toString(), tmp.resolve("y.png").toString()}, err2))
                .isEqualTo(DicomDecode.EXIT_UNSUPPORTED);
        assertThat(err2.toString(StandardCharsets.UTF_8)).contains(TransferSyntax.MPEG2_MAIN.uid())
                .contains("UNSUPPORTED_TRANSFER_SYNTAX");
        assertThat(run(new String[] {"only-one-arg"}, new ByteArrayOutputStream())).isEqualTo(DicomDecode.EXIT_USAGE);
    }
}
