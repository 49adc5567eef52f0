package io.proxyprompt.dicom.seg;

import io.proxyprompt.dicom.DicomElement;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.Tag;

import java.util.Set;

/**
 * Copies what a derived object shares with its source (PS3.3 C.7.1.1 Patient, C.7.1.3 Clinical Trial Subject,
 * C.7.2.1 General Study, C.7.2.2 Patient Study, and the Specific Character Set their text is in), so the SEG files
 * under the same patient and study with the same values (dcentvfy). Values are copied as stored; an empty value is
 * left out where the standard does not allow one (Type 1 and 1C), and Type 2 attributes the source lacks are
 * written empty.
 */
final class PatientStudyCopy {

    /** Type 2 attributes of the Patient and General Study modules: present, possibly empty. */
    private static final int[] TYPE_2 = {Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex,
            Tag.StudyDate, Tag.StudyTime, Tag.ReferringPhysicianName, Tag.StudyID, Tag.AccessionNumber};

    /** Attributes that must not be copied empty (Type 1 or 1C where they are defined). */
    private static final Set<Integer> NOT_EMPTY = Set.of(Tag.SpecificCharacterSet, Tag.StudyInstanceUID,
            Tag.IssuerOfPatientID, Tag.TypeOfPatientID);

    /** General Study and Patient Study attributes outside the patient groups 0010 and 0012. */
    private static final int[] STUDY = {Tag.StudyInstanceUID, Tag.StudyDescription,
            Tag.ReferringPhysicianIdentificationSequence, Tag.ConsultingPhysicianName,
            Tag.ConsultingPhysicianIdentificationSequence, Tag.IssuerOfAccessionNumberSequence,
            Tag.PhysiciansOfRecord, Tag.PhysiciansOfRecordIdentificationSequence, Tag.NameOfPhysiciansReadingStudy,
            Tag.PhysiciansReadingStudyIdentificationSequence, Tag.RequestingServiceCodeSequence,
            Tag.ReferencedStudySequence, Tag.ProcedureCodeSequence, Tag.ReasonForPerformedProcedureCodeSequence,
            Tag.ReferencedPatientSequence, Tag.AdmittingDiagnosesDescription, Tag.AdmittingDiagnosesCodeSequence,
            Tag.AdmissionID, Tag.IssuerOfAdmissionIDSequence, Tag.PatientState, Tag.ServiceEpisodeID,
            Tag.ServiceEpisodeDescription, Tag.IssuerOfServiceEpisodeIDSequence, Tag.ReasonForVisit,
            Tag.ReasonForVisitCodeSequence};

    /** Clinical Trial Series attributes of group 0012: they describe the source's series, not the SEG's. */
    private static final Set<Integer> TRIAL_SERIES = Set.of(0x00120060, 0x00120071, 0x00120072);

    private PatientStudyCopy() {
    }

    static void copy(DicomObject source, DicomObject target) {
        copyIfValid(source, target, Tag.SpecificCharacterSet);
        for (DicomElement e : source.elements()) {
            int group = e.tag() >>> 16;
            boolean privateTag = (group & 1) != 0;
            if (!privateTag && (group == 0x0010 || group == 0x0012 && !TRIAL_SERIES.contains(e.tag()))
                    && (e.tag() & 0xFFFF) != 0) {
                copyIfValid(source, target, e.tag());
            }
        }
        for (int tag : STUDY) {
            copyIfValid(source, target, tag);
        }
        for (int tag : TYPE_2) {
            if (!target.contains(tag)) {
                if (source.contains(tag)) {
                    target.copyFrom(source, tag);
                } else {
                    target.setString(tag);
                }
            }
        }
    }

    private static void copyIfValid(DicomObject source, DicomObject target, int tag) {
        DicomElement e = source.get(tag);
        if (e == null || NOT_EMPTY.contains(tag) && isEmpty(e)) {
            return;
        }
        target.put(e);
    }

    private static boolean isEmpty(DicomElement e) {
        if (e.isSequence()) {
            return e.items().isEmpty();
        }
        if (e.value() == null) {
            return false;
        }
        for (byte b : e.value()) {
            if (b != ' ' && b != 0) {
                return false;
            }
        }
        return true;
    }
}
