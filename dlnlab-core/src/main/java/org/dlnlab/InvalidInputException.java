package org.dlnlab;

/**
 * Bad input from the user: a file, a cell, an option. The command line maps it to exit code 2 and prints
 * its message as the single line the user sees, so the message must name where (file, row, column or
 * option) and what was expected.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
