package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.nn.Parameter;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The factored type form ({@link TypeForm#FACTORED}): its type distribution is a normalised two-level softmax
 * with a bounded cost for any type, its gradient is the finite differences', a hand-set model is the marked
 * Poisson process its closed forms describe (likelihood and predictions), and the form is chosen by K.
 */
class FactoredTypeFormTest {

    private static final SolverSettings TIGHT =
            SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-10, 1e-12));

    /** A factored model of {@code k} types with every parameter random around its initial value. */
    static EventModel randomFactored(int k, long seed) {
        ModelArchitecture a = new ModelArchitecture(4, 6, 3, k, 0, TypeForm.FACTORED);
        EventModel m = EventModel.create(a, 2.0, TypeVocabulary.numbered(k), FeatureStatistics.NONE, "f", seed);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        m.parameters().update(v -> {
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.6 * (rng.nextDouble() - 0.5);
            }
        });
        return m;
    }

    @Test
    void theFormIsChosenByTheNumberOfTypesAndCanBeSet() {
        assertThat(ModelArchitecture.defaults(3, 0).typeForm()).isEqualTo(TypeForm.PER_TYPE);
        assertThat(ModelArchitecture.defaults(TypeForm.PER_TYPE_MAX_TYPES, 0).typeForm())
                .isEqualTo(TypeForm.PER_TYPE);
        assertThat(ModelArchitecture.defaults(TypeForm.PER_TYPE_MAX_TYPES + 1, 0)
                        .typeForm())
                .isEqualTo(TypeForm.FACTORED);
        assertThat(new ModelArchitecture(16, 32, 8, 5000, 0).typeForm()).isEqualTo(TypeForm.PER_TYPE);
        ModelArchitecture f = ModelArchitecture.defaults(3, 0).withTypeForm(TypeForm.FACTORED);
        assertThat(f.intensityRows()).isEqualTo(1);
        assertThat(ModelArchitecture.defaults(3, 0).intensityRows()).isEqualTo(3);
    }

    @Test
    void aFactoredModelsSizeGrowsWithKOnlyThroughItsTypeRows() {
        EventModel small = randomFactored(100, 1);
        EventModel large = randomFactored(10_000, 1);
        // The ODE's parameters (dynamics, leak, one intensity row) do not depend on K.
        assertThat(large.fieldParameterCount()).isEqualTo(small.fieldParameterCount());
        assertThat(large.typeHead().classes().classCount()).isEqualTo(100);
        assertThat(large.typeHead().classes().largestClass()).isEqualTo(100);
    }

    @Test
    void typeProbabilitiesAreATwoLevelSoftmaxWithTheFloorAndSumToOne() {
        EventModel m = randomFactored(50, 3);
        TypeHead head = m.typeHead();
        TypeHead.Workspace w = head.newWorkspace();
        double[] theta = m.parameters().values();
        double[] h = {0.3, -1.2, 0.7, 2.0};
        double[] p = new double[50];
        head.probabilities(theta, h, p, w);
        double sum = 0;
        TypeClasses c = head.classes();
        for (int k = 0; k < 50; k++) {
            sum += p[k];
            // Independently: class softmax times within-class softmax, mixed with ε / K.
            double[] zc = affine(theta, head.classHead(), h);
            double classPart = Math.exp(zc[c.classOf(k)]) / sumExp(zc);
            double[] zt = affine(theta, head.typeHead(), h);
            double within = 0;
            for (int j = 0; j < 50; j++) {
                if (c.classOf(j) == c.classOf(k)) {
                    within += Math.exp(zt[j]);
                }
            }
            double expected = (1 - TypeHead.SMOOTHING) * classPart * Math.exp(zt[k]) / within + TypeHead.SMOOTHING / 50;
            assertThat(p[k]).as("p(%d)", k).isCloseTo(expected, within(1e-14));
            assertThat(head.logProbability(theta, h, k, w)).isCloseTo(Math.log(expected), within(1e-12));
        }
        assertThat(sum).isCloseTo(1.0, within(1e-13));
    }

    @Test
    void typeHeadGradientMatchesFiniteDifferences() {
        EventModel m = randomFactored(30, 4);
        TypeHead head = m.typeHead();
        TypeHead.Workspace w = head.newWorkspace();
        double[] theta = m.parameters().values();
        double[] h = {0.5, -0.4, 1.1, -2.0};
        int type = 17;
        double[] gTheta = new double[theta.length];
        double[] gh = new double[4];
        head.logProbabilityVjp(theta, h, type, -2.0, gh, gTheta, w);
        double eps = 1e-6;
        int checked = 0;
        for (Parameter p : new Parameter[] {
            head.classHead().weight(),
            head.classHead().bias(),
            head.typeHead().weight(),
            head.typeHead().bias()
        }) {
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                double old = theta[i];
                theta[i] = old + eps;
                double plus = -2.0 * head.logProbability(theta, h, type, w);
                theta[i] = old - eps;
                double minus = -2.0 * head.logProbability(theta, h, type, w);
                theta[i] = old;
                assertThat(gTheta[i]).as("%s at %d", p.name(), i).isCloseTo((plus - minus) / (2 * eps), within(1e-8));
                checked++;
            }
        }
        for (int i = 0; i < 4; i++) {
            double old = h[i];
            h[i] = old + eps;
            double plus = -2.0 * head.logProbability(theta, h, type, w);
            h[i] = old - eps;
            double minus = -2.0 * head.logProbability(theta, h, type, w);
            h[i] = old;
            assertThat(gh[i]).as("h[%d]", i).isCloseTo((plus - minus) / (2 * eps), within(1e-8));
        }
        assertThat(checked).isGreaterThan(150);
    }

    @Test
    void aTypeTrainingDroveAwayCostsAtMostLogKMinusLogEpsilon() {
        EventModel m = randomFactored(10_000, 5);
        TypeHead head = m.typeHead();
        int type = 4321;
        // What training does to a type it never sees: its logit pushed far down.
        m.parameters().set(head.typeHead().bias().offset() + type, -1e6);
        double[] h = {0.1, 0.2, 0.3, 0.4};
        double cost = -head.logProbability(m.parameters().values(), h, type, head.newWorkspace());
        double bound = Math.log(10_000) - Math.log(TypeHead.SMOOTHING);
        assertThat(cost).isLessThanOrEqualTo(bound + 1e-12).isGreaterThan(bound - 1e-3);
    }

    /** Zero dynamics and jump keep {@code h = 0}: a marked Poisson process of rate {@code R} with shares from the biases. */
    private static EventModel factoredPoisson(double rate, int k) {
        ModelArchitecture a = new ModelArchitecture(4, 6, 3, k, 0, TypeForm.FACTORED);
        EventModel m = EventModel.zeros(a, 1.0, TypeVocabulary.numbered(k), FeatureStatistics.NONE, "poisson");
        m.parameters().set(m.intensity().bias().offset(), EventModel.inverseSoftplus(rate));
        SplittableRandom rng = new SplittableRandom(7);
        TypeHead head = m.typeHead();
        for (int j = 0; j < head.classes().classCount(); j++) {
            m.parameters().set(head.classHead().bias().offset() + j, rng.nextDouble() * 2 - 1);
        }
        for (int j = 0; j < k; j++) {
            m.parameters().set(head.typeHead().bias().offset() + j, rng.nextDouble() * 3 - 1.5);
        }
        return m;
    }

    private static double[] shares(EventModel m) {
        int k = m.architecture().numTypes();
        double[] p = new double[k];
        m.typeHead()
                .probabilities(
                        m.parameters().values(), new double[4], p, m.typeHead().newWorkspace());
        return p;
    }

    @Test
    void aHandSetFactoredModelHasTheMarkedPoissonLikelihood() {
        EventModel m = factoredPoisson(2.0, 40);
        double[] p = shares(m);
        double[] times = {0.3, 0.3, 1.7, 2.05, 4.0, 7.5};
        int[] types = {0, 39, 12, 12, 5, 20};
        double expected = -2.0 * 7.5;
        for (int type : types) {
            expected += Math.log(2.0 * p[type]);
        }
        double ll = new StreamingScorer(m).logLikelihood(EventSequence.of("e", times, types), 0, times.length, 0.0);
        assertThat(ll).isCloseTo(expected, within(1e-9));
    }

    @Test
    void aFactoredModelAnswersThePerTypePredictionApiFromItsShares() {
        EventModel m = factoredPoisson(2.0, 40);
        double[] p = shares(m);
        StreamingScorer scorer = new StreamingScorer(m, TIGHT);
        EntityState s = scorer.newState(0.0);
        scorer.observe(s, 0.4, 3);
        double[] horizons = {0.1, 0.5, 2.0};
        PredictionBuffer out = scorer.newPredictionBuffer(3);
        scorer.predict(s, 0.4, horizons, out);
        assertThat(out.totalIntensity()).isCloseTo(2.0, within(1e-12));
        double intensitySum = 0;
        double nextSum = 0;
        for (int k = 0; k < 40; k++) {
            assertThat(out.intensity(k)).isCloseTo(2.0 * p[k], within(1e-12));
            assertThat(out.nextTypeProbability(k)).isCloseTo(p[k], within(1e-12));
            for (int j = 0; j < 3; j++) {
                assertThat(out.probabilityWithin(j, k))
                        .as("type %d within %s", k, horizons[j])
                        .isCloseTo(-Math.expm1(-2.0 * p[k] * horizons[j]), within(1e-8));
            }
            intensitySum += out.intensity(k);
            nextSum += out.nextTypeProbability(k);
        }
        assertThat(intensitySum).isCloseTo(2.0, within(1e-12));
        assertThat(nextSum).isCloseTo(1.0, within(1e-12));
        for (int j = 0; j < 3; j++) {
            assertThat(out.probabilityWithin(j)).isCloseTo(-Math.expm1(-2.0 * horizons[j]), within(1e-8));
        }
        double[] typeProbabilities = new double[40];
        assertThat(scorer.typeProbabilities(s, 0.4, typeProbabilities)).isCloseTo(2.0, within(1e-12));
        for (int k = 0; k < 40; k++) {
            assertThat(typeProbabilities[k]).isCloseTo(p[k], within(1e-12));
        }
    }

    private static double[] affine(double[] theta, io.tempora.nn.Linear layer, double[] h) {
        double[] z = new double[layer.out()];
        layer.forward(theta, h, z);
        return z;
    }

    private static double sumExp(double[] z) {
        double s = 0;
        for (double v : z) {
            s += Math.exp(v);
        }
        return s;
    }
}
