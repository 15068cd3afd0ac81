package org.fractify.dicom;

import java.util.HashMap;
import java.util.Map;

/**
 * Tag constants (group in the upper, element in the lower 16 bits; PS3.5 section 7.1.1) for the attributes this
 * library and its callers use, with their dictionary VRs (PS3.6) for Implicit VR decoding (PS3.5 section 7.1.3).
 */
public final class Tag {
    /** (0002,0000) UL */
    public static final int FileMetaInformationGroupLength = 0x00020000;
    /** (0002,0001) OB */
    public static final int FileMetaInformationVersion = 0x00020001;
    /** (0002,0002) UI */
    public static final int MediaStorageSOPClassUID = 0x00020002;
    /** (0002,0003) UI */
    public static final int MediaStorageSOPInstanceUID = 0x00020003;
    /** (0002,0010) UI */
    public static final int TransferSyntaxUID = 0x00020010;
    /** (0002,0012) UI */
    public static final int ImplementationClassUID = 0x00020012;
    /** (0002,0013) SH */
    public static final int ImplementationVersionName = 0x00020013;
    /** (0002,0016) AE */
    public static final int SourceApplicationEntityTitle = 0x00020016;
    /** (0008,0005) CS */
    public static final int SpecificCharacterSet = 0x00080005;
    /** (0008,0008) CS */
    public static final int ImageType = 0x00080008;
    /** (0008,0012) DA */
    public static final int InstanceCreationDate = 0x00080012;
    /** (0008,0013) TM */
    public static final int InstanceCreationTime = 0x00080013;
    /** (0008,0016) UI */
    public static final int SOPClassUID = 0x00080016;
    /** (0008,0018) UI */
    public static final int SOPInstanceUID = 0x00080018;
    /** (0008,0020) DA */
    public static final int StudyDate = 0x00080020;
    /** (0008,0021) DA */
    public static final int SeriesDate = 0x00080021;
    /** (0008,0022) DA */
    public static final int AcquisitionDate = 0x00080022;
    /** (0008,0023) DA */
    public static final int ContentDate = 0x00080023;
    /** (0008,002A) DT */
    public static final int AcquisitionDateTime = 0x0008002A;
    /** (0008,0030) TM */
    public static final int StudyTime = 0x00080030;
    /** (0008,0031) TM */
    public static final int SeriesTime = 0x00080031;
    /** (0008,0032) TM */
    public static final int AcquisitionTime = 0x00080032;
    /** (0008,0033) TM */
    public static final int ContentTime = 0x00080033;
    /** (0008,0050) SH */
    public static final int AccessionNumber = 0x00080050;
    /** (0008,0060) CS */
    public static final int Modality = 0x00080060;
    /** (0008,0064) CS */
    public static final int ConversionType = 0x00080064;
    /** (0008,0070) LO */
    public static final int Manufacturer = 0x00080070;
    /** (0008,0080) LO */
    public static final int InstitutionName = 0x00080080;
    /** (0008,0090) PN */
    public static final int ReferringPhysicianName = 0x00080090;
    /** (0008,1010) SH */
    public static final int StationName = 0x00081010;
    /** (0008,1030) LO */
    public static final int StudyDescription = 0x00081030;
    /** (0008,1032) SQ */
    public static final int ProcedureCodeSequence = 0x00081032;
    /** (0008,103E) LO */
    public static final int SeriesDescription = 0x0008103E;
    /** (0008,1090) LO */
    public static final int ManufacturerModelName = 0x00081090;
    /** (0008,1110) SQ */
    public static final int ReferencedStudySequence = 0x00081110;
    /** (0008,1115) SQ */
    public static final int ReferencedSeriesSequence = 0x00081115;
    /** (0008,1140) SQ */
    public static final int ReferencedImageSequence = 0x00081140;
    /** (0008,2111) ST */
    public static final int DerivationDescription = 0x00082111;
    /** (0008,2112) SQ */
    public static final int SourceImageSequence = 0x00082112;
    /** (0008,2218) SQ */
    public static final int AnatomicRegionSequence = 0x00082218;
    /** (0008,9215) SQ */
    public static final int DerivationCodeSequence = 0x00089215;
    /** (0010,0010) PN */
    public static final int PatientName = 0x00100010;
    /** (0010,0020) LO */
    public static final int PatientID = 0x00100020;
    /** (0010,0030) DA */
    public static final int PatientBirthDate = 0x00100030;
    /** (0010,0040) CS */
    public static final int PatientSex = 0x00100040;
    /** (0010,1010) AS */
    public static final int PatientAge = 0x00101010;
    /** (0018,0015) CS */
    public static final int BodyPartExamined = 0x00180015;
    /** (0018,0050) DS */
    public static final int SliceThickness = 0x00180050;
    /** (0018,0060) DS */
    public static final int KVP = 0x00180060;
    /** (0018,0088) DS */
    public static final int SpacingBetweenSlices = 0x00180088;
    /** (0018,1030) LO */
    public static final int ProtocolName = 0x00181030;
    /** (0018,1164) DS */
    public static final int ImagerPixelSpacing = 0x00181164;
    /** (0018,5100) CS */
    public static final int PatientPosition = 0x00185100;
    /** (0018,5101) CS */
    public static final int ViewPosition = 0x00185101;
    /** (0020,000D) UI */
    public static final int StudyInstanceUID = 0x0020000D;
    /** (0020,000E) UI */
    public static final int SeriesInstanceUID = 0x0020000E;
    /** (0020,0010) SH */
    public static final int StudyID = 0x00200010;
    /** (0020,0011) IS */
    public static final int SeriesNumber = 0x00200011;
    /** (0020,0012) IS */
    public static final int AcquisitionNumber = 0x00200012;
    /** (0020,0013) IS */
    public static final int InstanceNumber = 0x00200013;
    /** (0020,0020) CS */
    public static final int PatientOrientation = 0x00200020;
    /** (0020,0032) DS */
    public static final int ImagePositionPatient = 0x00200032;
    /** (0020,0037) DS */
    public static final int ImageOrientationPatient = 0x00200037;
    /** (0020,0052) UI */
    public static final int FrameOfReferenceUID = 0x00200052;
    /** (0020,0060) CS */
    public static final int Laterality = 0x00200060;
    /** (0020,0062) CS */
    public static final int ImageLaterality = 0x00200062;
    /** (0020,1041) DS */
    public static final int SliceLocation = 0x00201041;
    /** (0020,9113) SQ */
    public static final int PlanePositionSequence = 0x00209113;
    /** (0020,9116) SQ */
    public static final int PlaneOrientationSequence = 0x00209116;
    /** (0028,0002) US */
    public static final int SamplesPerPixel = 0x00280002;
    /** (0028,0004) CS */
    public static final int PhotometricInterpretation = 0x00280004;
    /** (0028,0006) US */
    public static final int PlanarConfiguration = 0x00280006;
    /** (0028,0008) IS */
    public static final int NumberOfFrames = 0x00280008;
    /** (0028,0009) AT */
    public static final int FrameIncrementPointer = 0x00280009;
    /** (0028,0010) US */
    public static final int Rows = 0x00280010;
    /** (0028,0011) US */
    public static final int Columns = 0x00280011;
    /** (0028,0030) DS */
    public static final int PixelSpacing = 0x00280030;
    /** (0028,0100) US */
    public static final int BitsAllocated = 0x00280100;
    /** (0028,0101) US */
    public static final int BitsStored = 0x00280101;
    /** (0028,0102) US */
    public static final int HighBit = 0x00280102;
    /** (0028,0103) US */
    public static final int PixelRepresentation = 0x00280103;
    /** (0028,0106) US */
    public static final int SmallestImagePixelValue = 0x00280106;
    /** (0028,0107) US */
    public static final int LargestImagePixelValue = 0x00280107;
    /** (0028,0120) US */
    public static final int PixelPaddingValue = 0x00280120;
    /** (0028,1050) DS */
    public static final int WindowCenter = 0x00281050;
    /** (0028,1051) DS */
    public static final int WindowWidth = 0x00281051;
    /** (0028,1052) DS */
    public static final int RescaleIntercept = 0x00281052;
    /** (0028,1053) DS */
    public static final int RescaleSlope = 0x00281053;
    /** (0028,1054) LO */
    public static final int RescaleType = 0x00281054;
    /** (0028,1055) LO */
    public static final int WindowCenterWidthExplanation = 0x00281055;
    /** (0028,1056) CS */
    public static final int VOILUTFunction = 0x00281056;
    /** (0028,1101) US */
    public static final int RedPaletteColorLookupTableDescriptor = 0x00281101;
    /** (0028,1102) US */
    public static final int GreenPaletteColorLookupTableDescriptor = 0x00281102;
    /** (0028,1103) US */
    public static final int BluePaletteColorLookupTableDescriptor = 0x00281103;
    /** (0028,1199) UI */
    public static final int PaletteColorLookupTableUID = 0x00281199;
    /** (0028,1201) OW */
    public static final int RedPaletteColorLookupTableData = 0x00281201;
    /** (0028,1202) OW */
    public static final int GreenPaletteColorLookupTableData = 0x00281202;
    /** (0028,1203) OW */
    public static final int BluePaletteColorLookupTableData = 0x00281203;
    /** (0028,1221) OW */
    public static final int SegmentedRedPaletteColorLookupTableData = 0x00281221;
    /** (0028,1222) OW */
    public static final int SegmentedGreenPaletteColorLookupTableData = 0x00281222;
    /** (0028,1223) OW */
    public static final int SegmentedBluePaletteColorLookupTableData = 0x00281223;
    /** (0028,2110) CS */
    public static final int LossyImageCompression = 0x00282110;
    /** (0028,2112) DS */
    public static final int LossyImageCompressionRatio = 0x00282112;
    /** (0028,2114) CS */
    public static final int LossyImageCompressionMethod = 0x00282114;
    /** (0028,3000) SQ */
    public static final int ModalityLUTSequence = 0x00283000;
    /** (0028,3002) US */
    public static final int LUTDescriptor = 0x00283002;
    /** (0028,3003) LO */
    public static final int LUTExplanation = 0x00283003;
    /** (0028,3004) LO */
    public static final int ModalityLUTType = 0x00283004;
    /** (0028,3006) OW */
    public static final int LUTData = 0x00283006;
    /** (0028,3010) SQ */
    public static final int VOILUTSequence = 0x00283010;
    /** (0028,9110) SQ */
    public static final int PixelMeasuresSequence = 0x00289110;
    /** (0028,9132) SQ */
    public static final int FrameVOILUTSequence = 0x00289132;
    /** (0028,9145) SQ */
    public static final int PixelValueTransformationSequence = 0x00289145;
    /** (0040,A043) SQ */
    public static final int ConceptNameCodeSequence = 0x0040A043;
    /** (0040,A730) SQ */
    public static final int ContentSequence = 0x0040A730;
    /** (0088,0200) SQ */
    public static final int IconImageSequence = 0x00880200;
    /** (0054,0220) SQ */
    public static final int ViewCodeSequence = 0x00540220;
    /** (5200,9229) SQ */
    public static final int SharedFunctionalGroupsSequence = 0x52009229;
    /** (5200,9230) SQ */
    public static final int PerFrameFunctionalGroupsSequence = 0x52009230;
    /** (5400,0100) SQ */
    public static final int WaveformSequence = 0x54000100;
    /** (7FE0,0001) OV */
    public static final int ExtendedOffsetTable = 0x7FE00001;
    /** (7FE0,0002) OV */
    public static final int ExtendedOffsetTableLengths = 0x7FE00002;
    /** (7FE0,0008) OF */
    public static final int FloatPixelData = 0x7FE00008;
    /** (7FE0,0009) OD */
    public static final int DoubleFloatPixelData = 0x7FE00009;
    /** (7FE0,0010) OW */
    public static final int PixelData = 0x7FE00010;
    /** (FFFC,FFFC) OB */
    public static final int DataSetTrailingPadding = 0xFFFCFFFC;
    /** (FFFE,E000)  */
    public static final int Item = 0xFFFEE000;
    /** (FFFE,E00D)  */
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    /** (FFFE,E0DD)  */
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;

    private static final Map<Integer, VR> DICTIONARY = new HashMap<>();
    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        put(FileMetaInformationGroupLength, VR.UL, "FileMetaInformationGroupLength");
        put(FileMetaInformationVersion, VR.OB, "FileMetaInformationVersion");
        put(MediaStorageSOPClassUID, VR.UI, "MediaStorageSOPClassUID");
        put(MediaStorageSOPInstanceUID, VR.UI, "MediaStorageSOPInstanceUID");
        put(TransferSyntaxUID, VR.UI, "TransferSyntaxUID");
        put(ImplementationClassUID, VR.UI, "ImplementationClassUID");
        put(ImplementationVersionName, VR.SH, "ImplementationVersionName");
        put(SourceApplicationEntityTitle, VR.AE, "SourceApplicationEntityTitle");
        put(SpecificCharacterSet, VR.CS, "SpecificCharacterSet");
        put(ImageType, VR.CS, "ImageType");
        put(InstanceCreationDate, VR.DA, "InstanceCreationDate");
        put(InstanceCreationTime, VR.TM, "InstanceCreationTime");
        put(SOPClassUID, VR.UI, "SOPClassUID");
        put(SOPInstanceUID, VR.UI, "SOPInstanceUID");
        put(StudyDate, VR.DA, "StudyDate");
        put(SeriesDate, VR.DA, "SeriesDate");
        put(AcquisitionDate, VR.DA, "AcquisitionDate");
        put(ContentDate, VR.DA, "ContentDate");
        put(AcquisitionDateTime, VR.DT, "AcquisitionDateTime");
        put(StudyTime, VR.TM, "StudyTime");
        put(SeriesTime, VR.TM, "SeriesTime");
        put(AcquisitionTime, VR.TM, "AcquisitionTime");
        put(ContentTime, VR.TM, "ContentTime");
        put(AccessionNumber, VR.SH, "AccessionNumber");
        put(Modality, VR.CS, "Modality");
        put(ConversionType, VR.CS, "ConversionType");
        put(Manufacturer, VR.LO, "Manufacturer");
        put(InstitutionName, VR.LO, "InstitutionName");
        put(ReferringPhysicianName, VR.PN, "ReferringPhysicianName");
        put(StationName, VR.SH, "StationName");
        put(StudyDescription, VR.LO, "StudyDescription");
        put(ProcedureCodeSequence, VR.SQ, "ProcedureCodeSequence");
        put(SeriesDescription, VR.LO, "SeriesDescription");
        put(ManufacturerModelName, VR.LO, "ManufacturerModelName");
        put(ReferencedStudySequence, VR.SQ, "ReferencedStudySequence");
        put(ReferencedSeriesSequence, VR.SQ, "ReferencedSeriesSequence");
        put(ReferencedImageSequence, VR.SQ, "ReferencedImageSequence");
        put(DerivationDescription, VR.ST, "DerivationDescription");
        put(SourceImageSequence, VR.SQ, "SourceImageSequence");
        put(AnatomicRegionSequence, VR.SQ, "AnatomicRegionSequence");
        put(DerivationCodeSequence, VR.SQ, "DerivationCodeSequence");
        put(PatientName, VR.PN, "PatientName");
        put(PatientID, VR.LO, "PatientID");
        put(PatientBirthDate, VR.DA, "PatientBirthDate");
        put(PatientSex, VR.CS, "PatientSex");
        put(PatientAge, VR.AS, "PatientAge");
        put(BodyPartExamined, VR.CS, "BodyPartExamined");
        put(SliceThickness, VR.DS, "SliceThickness");
        put(KVP, VR.DS, "KVP");
        put(SpacingBetweenSlices, VR.DS, "SpacingBetweenSlices");
        put(ProtocolName, VR.LO, "ProtocolName");
        put(ImagerPixelSpacing, VR.DS, "ImagerPixelSpacing");
        put(PatientPosition, VR.CS, "PatientPosition");
        put(ViewPosition, VR.CS, "ViewPosition");
        put(StudyInstanceUID, VR.UI, "StudyInstanceUID");
        put(SeriesInstanceUID, VR.UI, "SeriesInstanceUID");
        put(StudyID, VR.SH, "StudyID");
        put(SeriesNumber, VR.IS, "SeriesNumber");
        put(AcquisitionNumber, VR.IS, "AcquisitionNumber");
        put(InstanceNumber, VR.IS, "InstanceNumber");
        put(PatientOrientation, VR.CS, "PatientOrientation");
        put(ImagePositionPatient, VR.DS, "ImagePositionPatient");
        put(ImageOrientationPatient, VR.DS, "ImageOrientationPatient");
        put(FrameOfReferenceUID, VR.UI, "FrameOfReferenceUID");
        put(Laterality, VR.CS, "Laterality");
        put(ImageLaterality, VR.CS, "ImageLaterality");
        put(SliceLocation, VR.DS, "SliceLocation");
        put(PlanePositionSequence, VR.SQ, "PlanePositionSequence");
        put(PlaneOrientationSequence, VR.SQ, "PlaneOrientationSequence");
        put(SamplesPerPixel, VR.US, "SamplesPerPixel");
        put(PhotometricInterpretation, VR.CS, "PhotometricInterpretation");
        put(PlanarConfiguration, VR.US, "PlanarConfiguration");
        put(NumberOfFrames, VR.IS, "NumberOfFrames");
        put(FrameIncrementPointer, VR.AT, "FrameIncrementPointer");
        put(Rows, VR.US, "Rows");
        put(Columns, VR.US, "Columns");
        put(PixelSpacing, VR.DS, "PixelSpacing");
        put(BitsAllocated, VR.US, "BitsAllocated");
        put(BitsStored, VR.US, "BitsStored");
        put(HighBit, VR.US, "HighBit");
        put(PixelRepresentation, VR.US, "PixelRepresentation");
        put(SmallestImagePixelValue, VR.US, "SmallestImagePixelValue");
        put(LargestImagePixelValue, VR.US, "LargestImagePixelValue");
        put(PixelPaddingValue, VR.US, "PixelPaddingValue");
        put(WindowCenter, VR.DS, "WindowCenter");
        put(WindowWidth, VR.DS, "WindowWidth");
        put(RescaleIntercept, VR.DS, "RescaleIntercept");
        put(RescaleSlope, VR.DS, "RescaleSlope");
        put(RescaleType, VR.LO, "RescaleType");
        put(WindowCenterWidthExplanation, VR.LO, "WindowCenterWidthExplanation");
        put(VOILUTFunction, VR.CS, "VOILUTFunction");
        put(RedPaletteColorLookupTableDescriptor, VR.US, "RedPaletteColorLookupTableDescriptor");
        put(GreenPaletteColorLookupTableDescriptor, VR.US, "GreenPaletteColorLookupTableDescriptor");
        put(BluePaletteColorLookupTableDescriptor, VR.US, "BluePaletteColorLookupTableDescriptor");
        put(PaletteColorLookupTableUID, VR.UI, "PaletteColorLookupTableUID");
        put(RedPaletteColorLookupTableData, VR.OW, "RedPaletteColorLookupTableData");
        put(GreenPaletteColorLookupTableData, VR.OW, "GreenPaletteColorLookupTableData");
        put(BluePaletteColorLookupTableData, VR.OW, "BluePaletteColorLookupTableData");
        put(SegmentedRedPaletteColorLookupTableData, VR.OW, "SegmentedRedPaletteColorLookupTableData");
        put(SegmentedGreenPaletteColorLookupTableData, VR.OW, "SegmentedGreenPaletteColorLookupTableData");
        put(SegmentedBluePaletteColorLookupTableData, VR.OW, "SegmentedBluePaletteColorLookupTableData");
        put(LossyImageCompression, VR.CS, "LossyImageCompression");
        put(LossyImageCompressionRatio, VR.DS, "LossyImageCompressionRatio");
        put(LossyImageCompressionMethod, VR.CS, "LossyImageCompressionMethod");
        put(ModalityLUTSequence, VR.SQ, "ModalityLUTSequence");
        put(LUTDescriptor, VR.US, "LUTDescriptor");
        put(LUTExplanation, VR.LO, "LUTExplanation");
        put(ModalityLUTType, VR.LO, "ModalityLUTType");
        put(LUTData, VR.OW, "LUTData");
        put(VOILUTSequence, VR.SQ, "VOILUTSequence");
        put(PixelMeasuresSequence, VR.SQ, "PixelMeasuresSequence");
        put(FrameVOILUTSequence, VR.SQ, "FrameVOILUTSequence");
        put(PixelValueTransformationSequence, VR.SQ, "PixelValueTransformationSequence");
        put(ConceptNameCodeSequence, VR.SQ, "ConceptNameCodeSequence");
        put(ContentSequence, VR.SQ, "ContentSequence");
        put(IconImageSequence, VR.SQ, "IconImageSequence");
        put(ViewCodeSequence, VR.SQ, "ViewCodeSequence");
        put(SharedFunctionalGroupsSequence, VR.SQ, "SharedFunctionalGroupsSequence");
        put(PerFrameFunctionalGroupsSequence, VR.SQ, "PerFrameFunctionalGroupsSequence");
        put(WaveformSequence, VR.SQ, "WaveformSequence");
        put(ExtendedOffsetTable, VR.OV, "ExtendedOffsetTable");
        put(ExtendedOffsetTableLengths, VR.OV, "ExtendedOffsetTableLengths");
        put(FloatPixelData, VR.OF, "FloatPixelData");
        put(DoubleFloatPixelData, VR.OD, "DoubleFloatPixelData");
        put(PixelData, VR.OW, "PixelData");
        put(DataSetTrailingPadding, VR.OB, "DataSetTrailingPadding");
        NAMES.put(Item, "Item");
        NAMES.put(ItemDelimitationItem, "ItemDelimitationItem");
        NAMES.put(SequenceDelimitationItem, "SequenceDelimitationItem");
    }

    private Tag() {
    }

    private static void put(int tag, VR vr, String name) {
        DICTIONARY.put(tag, vr);
        NAMES.put(tag, name);
    }

    /** Builds a tag from group and element numbers. */
    public static int of(int group, int element) {
        return (group & 0xFFFF) << 16 | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Private tags have an odd group number (PS3.5 section 7.8). */
    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) == 1;
    }

    /** Formats a tag as {@code (GGGG,EEEE)} with upper case hex digits. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", group(tag), element(tag));
    }

    /** Keyword of a tag known to this class, or {@code null}. */
    public static String keyword(int tag) {
        return NAMES.get(tag);
    }

    /** Attributes whose VR is US or SS depending on Pixel Representation (PS3.6, "US or SS"). */
    static boolean isUsOrSs(int tag) {
        return tag == SmallestImagePixelValue || tag == LargestImagePixelValue || tag == PixelPaddingValue
                || tag == 0x00280108 || tag == 0x00280109 || tag == 0x00280121;
    }

    /**
     * Dictionary VR used to decode Implicit VR data sets (PS3.5 section 7.1.3): the VR of the tags in this
     * class, UL for group lengths, LO for private creators, and {@code null} (treated as UN) otherwise.
     * Attributes whose VR depends on Pixel Representation (US or SS) are listed as US and read accordingly.
     */
    static VR dictionaryVr(int tag) {
        VR vr = DICTIONARY.get(tag);
        if (vr != null) {
            return vr;
        }
        int element = element(tag);
        if (element == 0) {
            return VR.UL; // group length, PS3.5 section 7.2
        }
        if (isPrivate(tag) && element >= 0x10 && element <= 0xFF) {
            return VR.LO; // private creator, PS3.5 section 7.8.1
        }
        if ((tag & 0xFF00FFFF) == 0x60003000) {
            return VR.OW; // overlay data (60xx,3000), PS3.3 C.9.2
        }
        return null;
    }
}
