package io.proxyprompt.ui.tasks;

import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A delayed action without an animation: it runs once on the JavaFX thread after the last start, a restart
 * forgets the earlier start and a stop forgets it altogether.
 */
@ExtendWith(ApplicationExtension.class)
class FxDelayTest {

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void runsOnceOnTheFxThreadAfterTheLastStart() throws Exception {
        List<Boolean> runs = new CopyOnWriteArrayList<>();
        FxDelay delay = new FxDelay(150, () -> runs.add(Platform.isFxApplicationThread()));
        onFx(() -> {
            delay.playFromStart();
            return null;
        });
        Thread.sleep(100);
        assertTrue(onFx(() -> {
            boolean pending = delay.isPending();
            delay.playFromStart();   // restarted before it ran: the first start does nothing
            return pending;
        }));
        Thread.sleep(100);
        assertTrue(runs.isEmpty(), "150 ms after the restart has not passed yet");
        Thread.sleep(300);
        assertEquals(List.of(true), runs);
        assertFalse(onFx(delay::isPending));
    }

    @Test
    void aStopForgetsTheStart() throws Exception {
        List<Boolean> runs = new CopyOnWriteArrayList<>();
        FxDelay delay = new FxDelay(50, () -> runs.add(true));
        onFx(() -> {
            delay.playFromStart();
            delay.stop();
            return null;
        });
        Thread.sleep(250);
        assertTrue(runs.isEmpty());
        assertFalse(onFx(delay::isPending));
    }
}
