package org.envelopejca.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/** Every variant of {@link PerMessageCost} sets up and runs once each way (a smoke test, no timing). */
class PerMessageCostTest {
    static Stream<String> variants() throws NoSuchFieldException {
        String[] values = PerMessageCost.class.getField("variant").getAnnotation(Param.class).value();
        assertEquals(6, values.length);
        return Arrays.stream(values);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void runsOnceEachWay(String variant) throws Exception {
        PerMessageCost benchmark = new PerMessageCost();
        benchmark.variant = variant;
        benchmark.setUp();
        assertTrue(benchmark.encrypt() >= 1024, variant);
        assertTrue(benchmark.decrypt() >= 1024, variant);
    }
}
