package io.azurejit.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One time-boxed request to open ports on one virtual machine for one source, checked against a
 * {@link JitPolicy} and opened through Azure JIT. Pipelines create it, wait for condition {@code
 * Active}, do their work and delete it.
 */
@Group(JitPolicy.GROUP)
@Version(JitPolicy.VERSION)
@ShortNames("jitreq")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "VM",
    jsonPath = ".spec.virtualMachine",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ports",
    jsonPath = ".spec.ports",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Source",
    jsonPath = ".spec.sourceAddressPrefix",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".status.expiresAt",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class JitAccessRequest extends CustomResource<JitAccessRequestSpec, JitAccessRequestStatus>
    implements Namespaced {}
