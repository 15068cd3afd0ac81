import org.fractify.dicom.*;
import java.nio.*;
import java.nio.file.*;
import java.io.*;
import java.util.*;
/**
 * Regenerates the lossless JPEG reference streams of this folder with DCMTK's dcmcjpeg (3.6.7):
 * {@code java -cp libs/dicom/target/classes GenerateWithDcmtk.java OUTDIR} (dcmcjpeg on the PATH).
 * A 37x23 synthetic image (gradient + pseudo-noise + random outliers, seed 5) per configuration is written as a
 * native DICOM file, encoded with each option set, and its single fragment saved as NAME.jpg; NAME.expected holds
 * the source values with the point transform applied ((v >> Pt) << Pt) as little endian uint16, pixel-interleaved.
 */
public class GenerateWithDcmtk {
  static void el(ByteArrayOutputStream o,int tag,String vr,byte[] v){boolean lf=vr.equals("OB")||vr.equals("OW");ByteBuffer h=ByteBuffer.allocate(lf?12:8).order(ByteOrder.LITTLE_ENDIAN);h.putShort((short)(tag>>>16)).putShort((short)tag).put(vr.getBytes());if(lf)h.putShort((short)0).putInt(v.length);else h.putShort((short)v.length);o.writeBytes(h.array());o.writeBytes(v);}
  static byte[] a(String s){byte[] b=s.getBytes();if(b.length%2==1){b=Arrays.copyOf(b,b.length+1);b[b.length-1]=(s.matches("[0-9.]+")?0:(byte)' ');}return b;}
  static byte[] u16(int v){return new byte[]{(byte)v,(byte)(v>>8)};}
  static byte[] dicom(int w,int h,int spp,int ba,int bs,int[] vals){
    ByteArrayOutputStream d=new ByteArrayOutputStream();
    el(d,0x00080016,"UI",a("1.2.840.10008.5.1.4.1.1.7"));el(d,0x00080018,"UI",a("1.2.3.4.5"));
    el(d,0x00280002,"US",u16(spp));el(d,0x00280004,"CS",a(spp==3?"RGB":"MONOCHROME2"));
    if(spp==3)el(d,0x00280006,"US",u16(0));
    el(d,0x00280010,"US",u16(h));el(d,0x00280011,"US",u16(w));el(d,0x00280100,"US",u16(ba));el(d,0x00280101,"US",u16(bs));el(d,0x00280102,"US",u16(bs-1));el(d,0x00280103,"US",u16(0));
    ByteBuffer p=ByteBuffer.allocate(vals.length*(ba/8)).order(ByteOrder.LITTLE_ENDIAN);for(int v:vals){if(ba==8)p.put((byte)v);else p.putShort((short)v);}
    el(d,0x7FE00010,ba==8?"OB":"OW",p.array());
    ByteArrayOutputStream m=new ByteArrayOutputStream();el(m,0x00020001,"OB",new byte[]{0,1});el(m,0x00020002,"UI",a("1.2.840.10008.5.1.4.1.1.7"));el(m,0x00020003,"UI",a("1.2.3.4.5"));el(m,0x00020010,"UI",a("1.2.840.10008.1.2.1"));el(m,0x00020012,"UI",a("1.2.3.4"));
    ByteArrayOutputStream o=new ByteArrayOutputStream();o.writeBytes(new byte[128]);o.writeBytes("DICM".getBytes());el(o,0x00020000,"UL",ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(m.size()).array());o.writeBytes(m.toByteArray());o.writeBytes(d.toByteArray());return o.toByteArray();
  }
  public static void main(String[] x) throws Exception {
    Path dir=Paths.get(x[0]); Files.createDirectories(dir);
    Set<String> keep=Set.of("ll_1c_16b_elsv1","ll_1c_16b_elsv2","ll_1c_16b_elsv3","ll_1c_16b_elsv4","ll_1c_16b_elsv5",
        "ll_1c_16b_elsv6","ll_1c_16b_elsv7","ll_1c_16b_elsv4pt2","ll_3c_8b_e1","ll_3c_8b_elsv7pt1","ll_1c_12b_elsv5",
        "ll_1c_10b_elsv6","ll_1c_8b_elsv3");
    Random r=new Random(5);
    int w=37,h=23;
    for (int[] cfg : new int[][]{{1,8,8},{3,8,8},{1,16,12},{1,16,16},{1,16,10}}) {
      int spp=cfg[0],ba=cfg[1],bs=cfg[2];
      int[] vals=new int[w*h*spp]; int max=(1<<bs)-1;
      for(int i=0;i<vals.length;i++){int px=i/spp, xx=px%w, yy=px/w; int v=(int)((xx*97+yy*53)*(max/400.0)) + r.nextInt(Math.max(2,max/20)); if(i%53==0) v = r.nextInt(max+1); vals[i]=Math.min(max,Math.max(0,v));}
      Path src=Files.createTempFile("ll",".dcm"); Files.write(src, dicom(w,h,spp,ba,bs,vals));
      List<String[]> variants=new ArrayList<>();
      for(int sv=1;sv<=7;sv++) variants.add(new String[]{"+el","+sv",""+sv});
      variants.add(new String[]{"+e1"});
      variants.add(new String[]{"+el","+sv","4","+pt","2"});
      variants.add(new String[]{"+el","+sv","7","+pt","1"});
      for(String[] v: variants){
        List<String> cmd=new ArrayList<>(List.of("dcmcjpeg")); cmd.addAll(Arrays.asList(v)); cmd.add(src.toString()); Path out=Files.createTempFile("ll",".dcm"); cmd.add(out.toString());
        Process p=new ProcessBuilder(cmd).redirectErrorStream(true).start(); String o=new String(p.getInputStream().readAllBytes()); if(p.waitFor()!=0){System.out.println("dcmcjpeg failed "+String.join(" ",v)+": "+o.trim());continue;}
        DicomObject d=DicomReader.read(out); byte[] jpg=d.pixelData().frameData(0);
        int pt=0; for(int i=0;i<v.length;i++) if(v[i].equals("+pt")) pt=Integer.parseInt(v[i+1]);
        int[] exp=vals.clone(); for(int i=0;i<exp.length;i++) exp[i]=(exp[i]>>pt)<<pt;
                String name=String.format("ll_%dc_%db_%s.jpg", spp, bs, String.join("",v).replace("+",""));
        if(!keep.contains(name.replace(".jpg",""))) continue;
        Files.write(dir.resolve(name), jpg);
        ByteBuffer e=ByteBuffer.allocate(exp.length*2).order(ByteOrder.LITTLE_ENDIAN); for(int q:exp) e.putShort((short)q);
        Files.write(dir.resolve(name.replace(".jpg",".expected")), e.array());
        System.out.println("wrote "+name);
      }
    }

  }
}
