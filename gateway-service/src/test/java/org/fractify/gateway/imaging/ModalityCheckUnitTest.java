package org.fractify.gateway.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.fractify.contracts.Modality;
import org.junit.jupiter.api.Test;

class ModalityCheckUnitTest {

    @Test
    void aDeviceOfAnotherKindContradictsAndBothValuesAreNamed() {
        assertThat(ModalityCheck.contradiction(Modality.CT_BRAIN, "MR", null))
                .hasValue("The DICOM Modality (0008,0060) is MR, but 'modality' ct_brain needs CT");
        assertThat(ModalityCheck.contradiction(Modality.CHEST_XRAY, "CT", "CHEST")).get().asString()
                .contains("is CT").contains("chest_xray needs CR or DR or DX or RG");
        assertThat(ModalityCheck.contradiction(Modality.BRAIN_MRI, "CT", "HEAD")).isPresent();
        assertThat(ModalityCheck.contradiction(Modality.ABDOMINAL_CT, "US", null)).isPresent();
    }

    @Test
    void radiographyFitsEveryXrayAndDentalAlsoTakesIntraoralAndPanoramic() {
        for (String device : new String[] {"CR", "DX", "DR"}) {
            assertThat(ModalityCheck.contradiction(Modality.CHEST_XRAY, device, "CHEST")).isEmpty();
            assertThat(ModalityCheck.contradiction(Modality.BONE_XRAY, device, "HAND")).isEmpty();
            assertThat(ModalityCheck.contradiction(Modality.DENTAL, device, null)).isEmpty();
        }
        assertThat(ModalityCheck.contradiction(Modality.DENTAL, "IO", "JAW")).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.DENTAL, "PX", null)).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.CHEST_XRAY, "IO", null)).isPresent();
        assertThat(ModalityCheck.contradiction(Modality.CT_CHEST, "CT", "CHEST")).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.BRAIN_MRI, "MR", "BRAIN")).isEmpty();
    }

    @Test
    void aKnownBodyPartElsewhereContradicts() {
        assertThat(ModalityCheck.contradiction(Modality.CHEST_XRAY, "CR", "EXTREMITY"))
                .hasValue("The DICOM Body Part Examined (0018,0015) is EXTREMITY, but 'modality' chest_xray is a "
                        + "study of the chest");
        assertThat(ModalityCheck.contradiction(Modality.CT_BRAIN, "CT", "ABDOMEN")).isPresent();
        assertThat(ModalityCheck.contradiction(Modality.ABDOMINAL_CT, "CT", "HEAD")).get().asString()
                .contains("abdomen or pelvis");
        assertThat(ModalityCheck.contradiction(Modality.CT_CHEST, "CT", "Knee")).isPresent();
    }

    @Test
    void absentOtherOrUnknownValuesLetTheRequestThrough() {
        assertThat(ModalityCheck.contradiction(Modality.CT_BRAIN, null, null)).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.CT_BRAIN, "OT", "HEAD")).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.CT_BRAIN, "CT", "SCHAEDEL")).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.CHEST_XRAY, "DX", "WHOLE BODY")).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.ABDOMINAL_CT, "CT", "CHEST_ABDOMEN")).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.ABDOMINAL_CT, "ct", "kidney")).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.BONE_XRAY, "CR", "CHEST")).isEmpty();
        assertThat(ModalityCheck.contradiction(Modality.DENTAL, "PX", "HEAD")).isEmpty();
    }
}
