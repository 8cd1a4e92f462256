package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A virtual machine covered by a {@link JitPolicy}, given by name or by full ARM id. */
@ValidationRule(
    value = "has(self.name) != has(self.id)",
    message = "give the virtual machine either by name or by id, not both")
public class VirtualMachineRule {

  @Size(min = 1, max = 64)
  @Pattern("^[-\\w\\.]+$")
  @JsonPropertyDescription(
      "Name of the virtual machine in the policy's resource group. Use id instead for a"
          + " virtual machine elsewhere.")
  private String name;

  @Size(max = 300)
  @Pattern(
      "^/subscriptions/[0-9A-Fa-f-]{36}/resourceGroups/[-\\w\\._\\(\\)]+"
          + "/providers/Microsoft\\.Compute/virtualMachines/[-\\w\\.]+$")
  @JsonPropertyDescription(
      "Full ARM id of the virtual machine:"
          + " /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/"
          + "virtualMachines/<name>.")
  private String id;

  @Required
  @Size(min = 1, max = 32)
  @ValidationRule(
      value = "self.all(p, self.exists_one(q, q.number == p.number))",
      message = "each port number may appear only once per virtual machine")
  @JsonPropertyDescription("Ports that requests may open on this virtual machine.")
  private List<PortRule> ports;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public List<PortRule> getPorts() {
    return ports;
  }

  public void setPorts(List<PortRule> ports) {
    this.ports = ports;
  }
}
