package io.proxyprompt.ui;

/** Shows short messages to the user: results of runs and problems (the message names the file and what to do). */
public interface Notifier {

    void info(String message);

    void error(String message);
}
