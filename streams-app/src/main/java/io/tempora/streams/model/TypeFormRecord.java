package io.tempora.streams.model;

import io.tempora.model.EventModel;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.TypeClasses;
import io.tempora.model.TypeForm;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.Tensor;
import io.tempora.streams.model.ModelRefusedException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * How a {@code ModelParameters} record carries a model's {@link TypeForm}. A per-type model's record is what it
 * always was: no setting {@value #SETTING_TYPE_FORM}, no extra tensor, so records written before the factored
 * form read as per-type. A factored model's record has the setting {@value #SETTING_TYPE_FORM}={@value #FACTORED}
 * and a tensor {@value #CLASSES_TENSOR} of shape {@code [K]} holding each type's class ({@link TypeClasses}) as
 * float64: a tensor rather than a setting so that the record's checksum and signature cover it (the partition
 * changes every type's probability). A build that does not know the setting ignores it and then refuses the
 * record for its unexpected tensors.
 */
final class TypeFormRecord {

    /** Setting: the type form; absent means per-type. */
    static final String SETTING_TYPE_FORM = "types.form";
    /** The setting's value for a factored model. */
    static final String FACTORED = "factored";
    /** The tensor of a factored model's type classes. */
    static final String CLASSES_TENSOR = "types.classes";

    private TypeFormRecord() {}

    /** Adds a factored model's setting to {@code settings} and its classes tensor to {@code tensors}. */
    static void write(EventModel model, Map<String, String> settings, List<Tensor> tensors) {
        if (model.architecture().typeForm() != TypeForm.FACTORED) {
            return;
        }
        settings.put(SETTING_TYPE_FORM, FACTORED);
        int[] classOf = model.typeHead().classes().toArray();
        ByteBuffer data = ByteBuffer.allocate(classOf.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int c : classOf) {
            data.putDouble(c);
        }
        data.flip();
        tensors.add(Tensor.newBuilder()
                .setName(CLASSES_TENSOR)
                .setShape(List.of(classOf.length))
                .setData(data)
                .build());
    }

    /**
     * The type classes of a factored record (null for a per-type one) and, through {@code architecture}, its form.
     *
     * @throws ModelRefusedException {@link Reason#WRONG_FAMILY} for an unknown form, {@link Reason#INVALID_METADATA}
     *                               for a factored record without a valid classes tensor
     */
    static TypeClasses read(ModelParameters record, String where) {
        String form = record.getArchitecture().getSettings().get(SETTING_TYPE_FORM);
        if (form == null) {
            return null;
        }
        if (!FACTORED.equals(form)) {
            throw new ModelRefusedException(
                    Reason.WRONG_FAMILY,
                    where + ": setting " + SETTING_TYPE_FORM + "='" + form + "' but this build knows only '" + FACTORED
                            + "' (or none, per-type)");
        }
        int k = record.getTypeVocabulary().size();
        Tensor t = record.getTensors().stream()
                .filter(x -> x.getName().equals(CLASSES_TENSOR))
                .findFirst()
                .orElseThrow(() -> new ModelRefusedException(
                        Reason.INVALID_METADATA,
                        where + ": a factored model without its '" + CLASSES_TENSOR + "' tensor"));
        ByteBuffer data = t.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (!t.getShape().equals(List.of(k)) || data.remaining() != k * Double.BYTES) {
            throw new ModelRefusedException(
                    Reason.INVALID_METADATA,
                    where + ": '" + CLASSES_TENSOR + "' has shape " + t.getShape() + " and " + data.remaining()
                            + " bytes, not [" + k + "] and " + k * Double.BYTES);
        }
        int[] classOf = new int[k];
        for (int j = 0; j < k; j++) {
            double c = data.getDouble();
            if (c != Math.rint(c) || c < 0 || c >= k) {
                throw new ModelRefusedException(
                        Reason.INVALID_METADATA,
                        where + ": type " + j + " is in class " + c + ", not an integer in [0, " + k + ")");
            }
            classOf[j] = (int) c;
        }
        try {
            return new TypeClasses(classOf);
        } catch (IllegalArgumentException e) {
            throw new ModelRefusedException(Reason.INVALID_METADATA, where + ": " + e.getMessage(), e);
        }
    }

    /** {@code a} in the form {@code classes} implies. */
    static ModelArchitecture withForm(ModelArchitecture a, TypeClasses classes) {
        return classes == null ? a : a.withTypeForm(TypeForm.FACTORED);
    }
}
