package io.tempora.model;

import java.util.Arrays;

/**
 * The type shares {@code p(k | h)} of a {@link TypeForm#FACTORED} model at one state, read type by type: the
 * class softmax once per state ({@link #at}), a class's normaliser the first time one of its types is read,
 * then one row per type. A prediction that reads a few types costs {@code O(√K · D)}, not {@code O(K · D)};
 * reading all of them costs {@code O(K · D)}, once. Reads the model's live parameters, so read it before
 * they change. Not thread-safe; one per {@link PredictionBuffer}.
 */
final class TypeShares {

    private final EventModel model;
    private final TypeHead head;
    private final TypeHead.Workspace ws;
    private final double[] h;
    private final double[] classLogProbability;
    private final double[] classNormaliser;

    TypeShares(EventModel model) {
        this.model = model;
        this.head = model.typeHead();
        this.ws = head.newWorkspace();
        this.h = new double[model.architecture().latentDim()];
        int c = head.classes().classCount();
        this.classLogProbability = new double[c];
        this.classNormaliser = new double[c];
    }

    /** Whether these shares are {@code model}'s. */
    boolean isFor(EventModel m) {
        return model == m;
    }

    /** Reads shares at the state {@code y[0, D)} from now on. */
    void at(double[] y) {
        System.arraycopy(y, 0, h, 0, h.length);
        double[] theta = model.parameters().values();
        head.classLogits(theta, h, ws);
        for (int c = 0; c < classLogProbability.length; c++) {
            classLogProbability[c] = ws.classLogits[c] - ws.classLse;
        }
        Arrays.fill(classNormaliser, Double.NaN);
    }

    /** {@code p(type | h)}. */
    double probability(int type) {
        double[] theta = model.parameters().values();
        int c = head.classes().classOf(type);
        if (Double.isNaN(classNormaliser[c])) {
            classNormaliser[c] = head.memberLogits(theta, h, c, ws);
        }
        return head.mix(classLogProbability[c] + head.typeLogit(theta, h, type) - classNormaliser[c]);
    }
}
