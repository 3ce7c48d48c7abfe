package latentlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** One record holds every setting; each bad value is refused with a message naming its field. */
class HyperparametersTest {
    @Test
    void leftOutFieldsTakeTheCourseDefaults() {
        Hyperparameters hp = Hyperparameters.fromJson("{\"epochs\": 3, \"seed\": 7}");
        assertEquals(Hyperparameters.defaults().withEpochs(3).batchSize(), hp.batchSize());
        assertEquals(3, hp.epochs());
        assertEquals(7, hp.seed());
        assertEquals(128, hp.batchSize());
        assertEquals(1e-3, hp.learningRate());
        assertEquals(2, hp.latentDim());
        assertEquals(1.0, hp.beta());
        assertEquals(60_000, hp.imagesPerEpoch());
        assertEquals(469, hp.batchesPerEpoch());
        assertEquals(Hyperparameters.defaults(), Hyperparameters.fromJson("{}"));
    }

    @Test
    void roundTripsThroughJson() {
        Hyperparameters hp = new Hyperparameters(4, 64, 5e-4, 16, 0.5, 2, -3, 2000, true);
        assertEquals(hp, Hyperparameters.fromJson(hp.toJson()));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "epochs|0", "epochs|1001", "epochs|2.5", "epochs|\"3\"", "epochs|true",
        "batchSize|0", "batchSize|4097", "batchSize|-1",
        "learningRate|0", "learningRate|-0.001", "learningRate|2", "learningRate|\"fast\"",
        "latentDim|0", "latentDim|65", "latentDim|1.5",
        "beta|-1", "beta|101", "beta|\"high\"",
        "warmupEpochs|-1", "warmupEpochs|1001",
        "seed|1.5", "seed|99999999999999999999",
        "trainLimit|-1", "trainLimit|60001",
        "exact|1", "exact|\"yes\""})
    void badValuesNameTheirField(String field, String value) {
        String json = "{\"" + field + "\": " + value + "}";
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> Hyperparameters.fromJson(json));
        assertEquals(field, e.field(), json + " → " + e.getMessage());
        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    }

    @Test
    void unknownFieldsAndNonObjectsAreRefused() {
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> Hyperparameters.fromJson("{\"epoch\": 3}"));
        assertEquals("epoch", e.field());
        assertEquals("body", assertThrows(InvalidHyperparameterException.class,
                () -> Hyperparameters.fromJson("[1,2]")).field());
        assertEquals("body", assertThrows(InvalidHyperparameterException.class,
                () -> Hyperparameters.fromJson("{\"epochs\":")).field());
    }

    @Test
    void theSpecStatesEveryHyperparameterOnceInTheRecordsOwnOrder() {
        assertEquals(Hyperparameters.componentNames(), HyperparameterSpec.ALL.stream().map(HyperparameterSpec::name).toList());
        for (HyperparameterSpec spec : HyperparameterSpec.ALL) {
            assertTrue(!spec.label().isBlank() && !spec.help().isBlank(), spec.name());
            if (spec.defaultValue() instanceof Number n) {
                spec.check(n.doubleValue()); // every default lies in its own range
            }
        }
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> Hyperparameters.defaults().with(java.util.Map.of("epochs", 4_294_967_297L)));
        assertEquals("epochs", e.field(), "a whole number too large for the record is refused, not wrapped round");
    }

    @Test
    void klWarmUpRampsLinearlyToBeta() {
        Hyperparameters hp = new Hyperparameters(5, 128, 1e-3, 2, 2.0, 2, 0, 0, false);
        assertEquals(0f, hp.klWeight(1, 0.0));
        assertEquals(1f, hp.klWeight(2, 0.0));
        assertEquals(1.5f, hp.klWeight(2, 0.5));
        assertEquals(2f, hp.klWeight(4, 0.3));
        assertEquals(1f, Hyperparameters.defaults().klWeight(1, 0.0));
    }
}
