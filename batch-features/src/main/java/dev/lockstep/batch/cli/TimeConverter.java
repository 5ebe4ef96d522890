package dev.lockstep.batch.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** {@code --from/--to}: an ISO-8601 instant ({@code 2026-01-01T06:00:00Z}) or a date ({@code 2026-01-01}, UTC midnight). */
final class TimeConverter implements CommandLine.ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is neither an ISO-8601 instant such as 2026-01-01T06:00:00Z nor a date such as 2026-01-01");
        }
    }
}
