package io.azurejit.emulator;

import java.time.Instant;
import java.util.List;

/** An initiate request kept in a policy's {@code properties.requests[]} history. */
record AccessRequest(
    Instant startTimeUtc, String requestor, String justification, List<RequestPort> ports) {}
