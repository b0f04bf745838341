package org.dlnlab;

import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.InvalidInputException.Setting;
import org.dlnlab.InvalidInputException.Text;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class InvalidInputExceptionTest {

    @Test
    void aSettingIsWordedByTheCoreOrByTheCaller() {
        InvalidInputException e = new InvalidInputException(Input.INITIALIZATION, "small:x", "expected a number");
        assertEquals("initialization small:x: expected a number", e.getMessage());
        assertEquals("[init=small:x]: expected a number",
                e.message(s -> "[" + s.input().name().substring(0, 4).toLowerCase() + "=" + s.value() + "]"));
        assertEquals(Optional.of(Input.INITIALIZATION), e.input());
    }

    @Test
    void settingsInsideTheTextAreAdviceNotTheSubject() {
        InvalidInputException e = new InvalidInputException(new Text("d.csv, column \"b\": too large; use "),
                new Setting(Input.STANDARDIZATION, "zscore"), new Text(" or a smaller "),
                Setting.of(Input.NETWORK_SIZE));
        assertEquals("d.csv, column \"b\": too large; use standardization zscore or a smaller width or depth",
                e.getMessage());
        assertEquals("d.csv, column \"b\": too large; use <STANDARDIZATION zscore> or a smaller <NETWORK_SIZE null>",
                e.message(s -> "<" + s.input() + " " + s.value() + ">"));
        assertEquals(Optional.empty(), e.input());
    }

    @Test
    void aPlainMessageIsTheSameForEveryone() {
        InvalidInputException e = new InvalidInputException("x.csv: no such file");
        assertEquals("x.csv: no such file", e.getMessage());
        assertEquals("x.csv: no such file", e.message(s -> "never"));
        assertEquals(Optional.empty(), e.input());
        assertNull(new InvalidInputException((String) null).getMessage());
    }
}
