package io.proxyprompt.ui.panels;

import io.proxyprompt.application.Measurements;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@ExtendWith(ApplicationExtension.class)
class MeasurementsPanelTest {

    private MeasurementsPanel panel;

    @Start
    void start(Stage stage) {
        panel = new MeasurementsPanel();
        stage.setScene(new Scene(panel, 300, 200));
        stage.show();
    }

    private static Measurements cdr(double v) {
        return new Measurements(OptionalLong.of(1000), OptionalLong.of(250), OptionalDouble.of(v), OptionalDouble.of(v),
                OptionalDouble.of(0.75), OptionalDouble.empty(), OptionalDouble.empty());
    }

    @Test
    void aModelWhoseCupIsNotValidatedMarksItsRatiosAndSaysWhyInTheirTooltip(FxRobot robot) {
        Label shown = robot.lookup("#measureCdr").queryAs(Label.class);
        robot.interact(() -> panel.show(cdr(0.49)));
        assertEquals("0.49", shown.getText());
        assertNull(shown.getTooltip());

        robot.interact(() -> panel.setCdrCaveat("expect a vCDR error of 0.14-0.25"));
        assertEquals("0.49 \u26A0", shown.getText());
        assertEquals("0.49 \u26A0", robot.lookup("#measureHcdr").queryAs(Label.class).getText());
        assertEquals("expect a vCDR error of 0.14-0.25", shown.getTooltip().getText());

        robot.interact(() -> panel.show(Measurements.NONE));
        assertEquals("\u2014", shown.getText());
    }
}
