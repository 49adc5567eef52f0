package io.proxyprompt.ui;

/** Shows short messages to the user: results of runs and problems (the message names the file and what to do). */
public interface Notifier {

    void info(String message);

    void error(String message);

    /** Something the user must read but that is not a failure (what a start after a crash restored): it stays. */
    default void notice(String message) {
        error(message);
    }
}
