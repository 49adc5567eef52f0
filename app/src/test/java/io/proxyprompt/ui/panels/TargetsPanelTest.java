package io.proxyprompt.ui.panels;

import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class TargetsPanelTest {

    private TargetsPanel panel;
    private final List<TargetEntry> targets = List.of(new TargetEntry("a", Path.of("a.jpg"), "a.jpg"),
            new TargetEntry("b", Path.of("b.jpg"), "b.jpg"), new TargetEntry("c", Path.of("c.jpg"), "c.jpg"));

    @Start
    void start(Stage stage) {
        panel = new TargetsPanel();
        panel.items().setAll(targets);
        stage.setScene(new Scene(panel, 300, 500));
        stage.show();
    }

    @Test
    void aNewStatusShowsInItsRowWithoutTheListBuildingItsCellsAgain(FxRobot robot) {
        Set<Node> before = cells(robot);
        assertEquals(targets.get(1).status(), TargetStatus.NOT_RUN);

        robot.interact(() -> {
            targets.get(1).setStatus(TargetStatus.RUNNING);
            panel.refresh();
        });

        assertEquals(before, cells(robot), "the same cells show the rows (a rebuilt list repaints every row)");
        Label status = statusOf(robot, "b.jpg");
        assertEquals("\u25CF " + TargetStatus.RUNNING.label(), status.getText());
        assertTrue(status.getStyleClass().contains("status-running"), status.getStyleClass().toString());
        assertTrue(!status.getStyleClass().contains("status-not_run"), status.getStyleClass().toString());
        assertEquals("\u25CF " + TargetStatus.NOT_RUN.label(), statusOf(robot, "a.jpg").getText());
    }

    @Test
    void theToCheckFilterStillHidesRowsThatNeedNoCheck(FxRobot robot) {
        robot.interact(() -> {
            targets.get(0).setStatus(TargetStatus.FAILED);
            panel.onlyToCheckProperty().set(true);
        });
        assertEquals(List.of(targets.get(0)), List.copyOf(panel.list().getItems()));
        robot.interact(() -> {
            targets.get(2).setStatus(TargetStatus.FAILED);
            panel.refresh();
        });
        assertEquals(List.of(targets.get(0), targets.get(2)), List.copyOf(panel.list().getItems()));
    }

    private static Set<Node> cells(FxRobot robot) {
        return robot.lookup(".list-cell").queryAll().stream()
                .filter(n -> ((ListCell<?>) n).getItem() != null).collect(Collectors.toSet());
    }

    private static Label statusOf(FxRobot robot, String name) {
        ListCell<?> cell = robot.lookup(".list-cell").queryAll().stream().map(n -> (ListCell<?>) n)
                .filter(c -> c.getItem() instanceof TargetEntry t && t.name().equals(name)).findFirst().orElseThrow();
        return (Label) cell.lookup(".status");
    }
}
