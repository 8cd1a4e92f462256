package io.azurejit.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Declares which virtual machines and ports may be opened through Azure Just-In-Time access, from
 * which sources and for how long. The operator converges it into an Azure JIT policy.
 */
@Group(JitPolicy.GROUP)
@Version(JitPolicy.VERSION)
@ShortNames("jitpol")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Azure Policy",
    jsonPath = ".spec.azure.policyName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "VMs",
    jsonPath = ".status.virtualMachineCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class JitPolicy extends CustomResource<JitPolicySpec, JitPolicyStatus>
    implements Namespaced {

  public static final String GROUP = "azurejit.io";
  public static final String VERSION = "v1alpha1";
}
