package io.proxyprompt.ui;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: wires the workstation's parts by hand and shows the main window. */
public final class App extends Application {

    /** Starts the JavaFX toolkit and opens the workstation (blocks until the window closes). */
    public static void launchWorkstation(String[] args) {
        Application.launch(App.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("ProxyPrompt Workstation");
        stage.show();
    }
}
