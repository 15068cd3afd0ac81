package org.fractify.gateway.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EXIF orientation: the tag read from hand-built APP1 segments, and the eight transforms. */
class ExifOrientationUnitTest {

    /** SOI, an APP1 Exif segment with IFD0 holding {@code tags} (tag, type, value), then EOI. */
    static byte[] jpegWithExif(ByteOrder order, int[][] tags) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 * tags.length + 4).order(order);
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        tiff.putShort((short) 42).putInt(8).putShort((short) tags.length);
        for (int[] t : tags) {
            tiff.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
            if (t[1] == 3) {
                tiff.putShort((short) t[2]).putShort((short) 0);
            } else {
                tiff.putInt(t[2]);
            }
        }
        tiff.putInt(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        int length = 2 + 6 + tiff.capacity();
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff.array());
        out.write(0xFF);
        out.write(0xD9);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void readsTheTagInBothByteOrders(int orientation) {
        int[][] tags = {{0x010F, 2, 0}, {0x0112, 3, orientation}, {0x0131, 2, 0}};
        assertThat(ExifOrientation.of(jpegWithExif(ByteOrder.LITTLE_ENDIAN, tags))).isEqualTo(orientation);
        assertThat(ExifOrientation.of(jpegWithExif(ByteOrder.BIG_ENDIAN, tags))).isEqualTo(orientation);
    }

    @Test
    void noTagOrBrokenSegmentsMeanUpright() {
        assertThat(ExifOrientation.of(jpegWithExif(ByteOrder.BIG_ENDIAN, new int[][] {{0x010F, 2, 0}}))).isEqualTo(1);
        assertThat(ExifOrientation.of(jpegWithExif(ByteOrder.BIG_ENDIAN, new int[][] {{0x0112, 3, 9}}))).isEqualTo(1);
        byte[] good = jpegWithExif(ByteOrder.BIG_ENDIAN, new int[][] {{0x0112, 3, 6}});
        for (int cut = 0; cut < good.length - 2; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThat(ExifOrientation.of(truncated)).isBetween(1, 8);
        }
        byte[] lying = good.clone();
        lying[4] = (byte) 0x7F; // APP1 length far past the end
        assertThat(ExifOrientation.of(lying)).isEqualTo(1);
        assertThat(ExifOrientation.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEqualTo(1);
    }

    @Test
    void theEightTransformsTurnTheStoredPixelsUpright() {
        // stored 3 x 2:  a b c / d e f
        Gray8Image stored = new Gray8Image(3, 2, new byte[] {'a', 'b', 'c', 'd', 'e', 'f'});
        assertThat(text(ExifOrientation.apply(stored, 1))).isEqualTo("abc/def");
        assertThat(text(ExifOrientation.apply(stored, 2))).isEqualTo("cba/fed");
        assertThat(text(ExifOrientation.apply(stored, 3))).isEqualTo("fed/cba");
        assertThat(text(ExifOrientation.apply(stored, 4))).isEqualTo("def/abc");
        assertThat(text(ExifOrientation.apply(stored, 5))).isEqualTo("ad/be/cf");
        assertThat(text(ExifOrientation.apply(stored, 6))).isEqualTo("da/eb/fc");
        assertThat(text(ExifOrientation.apply(stored, 7))).isEqualTo("fc/eb/da");
        assertThat(text(ExifOrientation.apply(stored, 8))).isEqualTo("cf/be/ad");
    }

    private static String text(Gray8Image g) {
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < g.height(); y++) {
            if (y > 0) {
                sb.append('/');
            }
            for (int x = 0; x < g.width(); x++) {
                sb.append((char) g.at(x, y));
            }
        }
        return sb.toString();
    }
}
