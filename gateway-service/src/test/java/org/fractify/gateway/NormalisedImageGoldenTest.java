package org.fractify.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.SliceCandidate;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.gateway.imaging.ImageNormaliser;
import org.fractify.problem.ProblemException;
import org.junit.jupiter.api.Test;

/**
 * Pins what the image pipeline makes of a fixed set of inputs (every corpus file, the malformed ones, PNG and
 * JPEG of each colour model, series, the refusals): size, source facts, DICOM metadata and the decoded pixels
 * of the PNG, or the problem type and detail. The expectation was recorded from the pipeline before it was
 * split into stages (src/test/resources/imaging/normalised-golden.txt); a difference is written to
 * target/normalised-golden.actual.txt for a diff. Pixels are compared, not PNG bytes: the deflate output
 * depends on the JDK's zlib.
 */
class NormalisedImageGoldenTest {

    private static final String GOLDEN = "/imaging/normalised-golden.txt";

    private final ImageNormaliser normaliser = new ImageNormaliser(new SmallRyeConfigBuilder()
            .withMapping(GatewayConfig.class)
            .withConverter(Duration.class, 100, new DurationConverter())
            .withDefaultValue("fractify.gateway.api-key-pepper", "unused")
            .build().getConfigMapping(GatewayConfig.class));

    @Test
    void theNormalisedOutputOfEveryPinnedInputIsUnchanged() throws Exception {
        List<String> actual = new ArrayList<>();
        for (Map<String, String> row : DicomCorpus.manifest()) {
            String id = row.get("id");
            byte[] bytes = DicomCorpus.bytes(id);
            // a radiograph model (the file's VOI, or a modality mismatch), and the model of the file's own kind:
            // CT windowed for the brain, MR as the file says, others (OT) through a CT model on their own VOI
            actual.add(single(id, bytes, Modality.CHEST_XRAY));
            switch (row.get("modality")) {
                case "CT", "OT" -> actual.add(single(id, bytes, Modality.CT_BRAIN));
                case "MR" -> actual.add(single(id, bytes, Modality.BRAIN_MRI));
                default -> {
                }
            }
        }
        for (Path file : DicomCorpus.malformed()) {
            String name = DicomCorpus.dir().relativize(file).toString();
            actual.add(single(name, DicomCorpus.read(file), Modality.CT_CHEST));
        }
        pictures(actual);
        series(actual);
        Path written = Path.of("target/normalised-golden.actual.txt");
        Files.createDirectories(written.getParent());
        Files.write(written, actual);
        assertThat(actual).containsExactlyElementsOf(golden());
    }

    private void pictures(List<String> out) {
        // {width, height, name suffix, modality sent}; odd padding on either side (101x200, 333x250,
        // 1001x600) pins where the letterbox puts the odd pixel
        Object[][] gray8 = {{300, 200, "", Modality.BONE_XRAY}, {1000, 700, " (shrunk)", Modality.CHEST_XRAY},
                {700, 1000, " (shrunk)", Modality.CHEST_XRAY}, {512, 512, " (as is)", Modality.DENTAL},
                {101, 200, "", Modality.BONE_XRAY}, {333, 250, "", Modality.BONE_XRAY},
                {1001, 600, " (shrunk)", Modality.BONE_XRAY}};
        for (Object[] g : gray8) {
            int w = (int) g[0];
            int h = (int) g[1];
            out.add(single("png gray8 " + w + "x" + h + g[2], TestImages.encode(TestImages.noise(w, h,
                    BufferedImage.TYPE_BYTE_GRAY), "png"), (Modality) g[3]));
        }
        out.add(single("png binary 1 bit", TestImages.encode(TestImages.noise(97, 64,
                BufferedImage.TYPE_BYTE_BINARY), "png"), Modality.BONE_XRAY));
        out.add(single("png palette", TestImages.encode(TestImages.noise(64, 80,
                BufferedImage.TYPE_BYTE_INDEXED), "png"), Modality.BONE_XRAY));
        out.add(single("png rgb 600x600 (shrunk)", TestImages.encode(TestImages.noise(600, 600,
                BufferedImage.TYPE_INT_RGB), "png"), Modality.BONE_XRAY));
        out.add(single("png argb", TestImages.encode(TestImages.noise(120, 90, BufferedImage.TYPE_INT_ARGB), "png"),
                Modality.BONE_XRAY));
        BufferedImage deep = new BufferedImage(130, 70, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 70; y++) {
            for (int x = 0; x < 130; x++) {
                deep.getRaster().setSample(x, y, 0, 1000 + x * 37 + y * 11);
            }
        }
        out.add(single("png gray16", TestImages.encode(deep, "png"), Modality.CHEST_XRAY));
        BufferedImage rgb16 = TestImages.rgb16(66, 40, (x, y) -> new int[] {x * 900, y * 1500, (x + y) * 600});
        out.add(single("png rgb16", TestImages.encode(rgb16, "png"), Modality.BONE_XRAY));
        byte[] grayJpeg = TestImages.encode(TestImages.noise(200, 150, BufferedImage.TYPE_BYTE_GRAY), "jpg");
        out.add(single("jpeg gray", grayJpeg, Modality.BONE_XRAY));
        out.add(single("jpeg rgb", TestImages.encode(TestImages.noise(150, 200, BufferedImage.TYPE_INT_RGB), "jpg"),
                Modality.BONE_XRAY));
        for (int orientation = 1; orientation <= 8; orientation++) {
            out.add(single("jpeg exif orientation " + orientation, DicomScanTest.withExif(grayJpeg, orientation),
                    Modality.BONE_XRAY));
        }
        out.add(single("empty", new byte[0], Modality.BONE_XRAY));
        out.add(single("neither png, jpeg nor dicom", "GIF89a and then some".getBytes(StandardCharsets.US_ASCII),
                Modality.BONE_XRAY));
        byte[] png = TestImages.encode(TestImages.noise(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png");
        out.add(single("png truncated", Arrays.copyOf(png, png.length / 2), Modality.BONE_XRAY));
        byte[] jpeg = TestImages.encode(TestImages.noise(64, 64, BufferedImage.TYPE_BYTE_GRAY), "jpg");
        out.add(single("jpeg truncated", Arrays.copyOf(jpeg, 40), Modality.BONE_XRAY));
        out.add(single("png too small", TestImages.encode(TestImages.noise(31, 300, BufferedImage.TYPE_BYTE_GRAY),
                "png"), Modality.BONE_XRAY));
        out.add(single("png declaring 100000 x 100000", pngHeader(100_000, 100_000), Modality.BONE_XRAY));
    }

    private void series(List<String> out) {
        List<ImageNormaliser.Upload> dcmqi = uploads(DicomCorpus.bytes("dcmqi-ct3__02"),
                DicomCorpus.bytes("dcmqi-ct3__03"), DicomCorpus.bytes("dcmqi-ct3__01"));
        out.add(series("series dcmqi abdominal_ct", () -> normaliser.normaliseSeries(dcmqi, Modality.ABDOMINAL_CT,
                Optional.empty(), 5)));
        out.add(series("series dcmqi one candidate", () -> normaliser.normaliseSeries(dcmqi, Modality.CT_CHEST,
                Optional.empty(), 1)));
        out.add(series("series dcmqi as brain_mri", () -> normaliser.normaliseSeries(dcmqi, Modality.BRAIN_MRI,
                Optional.empty(), 5)));
        List<byte[]> files = new ArrayList<>();
        for (int n : new int[] {4, 1, 7, 3, 2, 6, 5}) {
            short[] slice = new short[64 * 64];
            for (int i = 0; i < slice.length; i++) {
                slice[i] = (short) (1000 + 10 * n + i % 97);
            }
            files.add(DicomFiles.ct(64, "1.2.826.0.1.3680043.8.498.9", "1.2.826.0.1.3680043.8.498.9." + n, n)
                    .pixels16(slice).bytes());
        }
        List<ImageNormaliser.Upload> synthetic = uploads(files.toArray(byte[][]::new));
        out.add(series("series by instance number", () -> normaliser.normaliseSeries(synthetic, Modality.CT_BRAIN,
                Optional.empty(), 3)));
        out.add(series("series of another uid", () -> normaliser.normaliseSeries(synthetic, Modality.CT_BRAIN,
                Optional.of("1.2.3"), 3)));
        List<byte[]> mixed = new ArrayList<>(files.subList(0, 3));
        mixed.add(DicomCorpus.bytes("wg04-nema__CT2_UNC"));
        List<ImageNormaliser.Upload> ambiguous = uploads(mixed.toArray(byte[][]::new));
        out.add(series("series ambiguous", () -> normaliser.normaliseSeries(ambiguous, Modality.CT_BRAIN,
                Optional.empty(), 5)));
        List<ImageNormaliser.Upload> withPng = uploads(files.get(0), files.get(1),
                TestImages.encode(TestImages.noise(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png"));
        out.add(series("series with a png", () -> normaliser.normaliseSeries(withPng, Modality.CT_BRAIN,
                Optional.empty(), 5)));
        List<ImageNormaliser.Upload> withEmpty = uploads(files.get(0), new byte[0], files.get(1));
        out.add(series("series with an empty file", () -> normaliser.normaliseSeries(withEmpty, Modality.CT_BRAIN,
                Optional.empty(), 5)));
    }

    private String single(String name, byte[] bytes, Modality modality) {
        try {
            return name + " | " + modality.wireName() + " | " + describe(normaliser.normalise(bytes, modality).image());
        } catch (ProblemException e) {
            return name + " | " + modality.wireName() + " | " + problem(e);
        }
    }

    private static String series(String name, Supplier<ImageNormaliser.NormalisedSeries> run) {
        try {
            ImageNormaliser.NormalisedSeries s = run.get();
            StringBuilder line = new StringBuilder(name).append(" | ").append(s.selection()).append(" | ")
                    .append(describe(s.image()));
            for (SliceCandidate c : s.candidates()) {
                line.append(" | candidate ").append(c.index()).append(' ').append(c.instanceUid()).append(' ')
                        .append(describe(c.image()));
            }
            return line.toString();
        } catch (ProblemException e) {
            return name + " | " + problem(e);
        }
    }

    private static String problem(ProblemException e) {
        return "problem " + e.type() + ": " + e.detail().replace('\n', ' ');
    }

    private static String describe(NormalisedImage image) {
        try {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.pngBase64())));
            assertThat(png.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
            assertThat(png.getWidth()).isEqualTo(image.width());
            assertThat(png.getHeight()).isEqualTo(image.height());
            byte[] pixels = ((java.awt.image.DataBufferByte) png.getRaster().getDataBuffer()).getData();
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pixels), 0, 12);
            return image.width() + "x" + image.height() + " " + image.sourceFormat() + " from " + image.sourceWidth()
                    + "x" + image.sourceHeight() + " pixels " + digest + " " + image.dicom();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ImageNormaliser.Upload> uploads(byte[]... files) {
        List<ImageNormaliser.Upload> out = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            out.add(new ImageNormaliser.Upload("images_base64[" + i + "]", files[i]));
        }
        return out;
    }

    /** A PNG signature and header declaring a size, without any pixel data. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width)
                .putInt(height).put(new byte[] {8, 0, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
        out.writeBytes(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }

    private static List<String> golden() throws IOException {
        try (InputStream in = NormalisedImageGoldenTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
