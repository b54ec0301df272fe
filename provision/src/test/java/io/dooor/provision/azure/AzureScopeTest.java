package io.dooor.provision.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.common.SecretBytes;
import io.dooor.core.TeeType;
import io.dooor.provision.CloudSpecs;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderException;
import io.dooor.provision.RestRecordingEndpoint;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege made checkable (issue 14), for Azure: the ARM adapter (with its Entra ID client
 * credentials token source) runs against a local endpoint recording its requests (not a real
 * subscription). The test asserts the exact requests, derives the ARM operations they need, and
 * fails if that set differs either way from the generated role definition.
 */
class AzureScopeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUB = "00000000-0000-0000-0000-00000000beef";
  private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/dooor";
  private static final String GALLERY_IMAGE =
      RG + "/providers/Microsoft.Compute/galleries/dooor/images/agent/versions/1.0.0";
  private static final String SUBNET =
      RG + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/tee";

  private static RestRecordingEndpoint.Reply reply(RestRecordingEndpoint.Request r) {
    if (r.path().endsWith("/oauth2/v2.0/token")) {
      return new RestRecordingEndpoint.Reply(
          200,
          Map.of(),
          "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"arm-token-1\"}");
    }
    if (r.path().endsWith("/virtualMachines/denied-1")) {
      return new RestRecordingEndpoint.Reply(
          403,
          Map.of("x-ms-request-id", "req-denied"),
          "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no\"}}");
    }
    int status = "DELETE".equals(r.method()) ? (r.path().contains("gone") ? 404 : 202) : 201;
    return new RestRecordingEndpoint.Reply(
        status,
        Map.of(
            "x-ms-request-id",
            "req-" + r.method().toLowerCase(java.util.Locale.ROOT) + "-" + r.path().hashCode()),
        status == 404 ? "{\"error\":{\"code\":\"ResourceNotFound\"}}" : "{}");
  }

  private static AzureVmProvider provider(RestRecordingEndpoint endpoint) {
    HttpClient http = HttpClient.newHttpClient();
    EntraTokens tokens =
        new EntraTokens(
            http,
            endpoint.uri(),
            "contoso.onmicrosoft.com",
            "app-1",
            SecretBytes.of("client-secret-1".getBytes(StandardCharsets.UTF_8)),
            Clock.systemUTC());
    return new AzureVmProvider(
        http,
        tokens,
        new AzureVmProvider.Config(
            endpoint.uri(), SUB, "dooor", SUBNET, "ssh-ed25519 AAAAC3Nz test"),
        Set.of("westeurope"));
  }

  private static MachineRequest request(TeeType type, String size) throws Exception {
    return new MachineRequest(
        "payments-0a1b2c3d",
        CloudSpecs.spec(
            type, "azure", "westeurope", GALLERY_IMAGE, "{\"instance_type\":\"" + size + "\"}"),
        "westeurope",
        "dooor-client-token-1",
        SecretBytes.of("dooor-join-v1.test".getBytes(StandardCharsets.UTF_8)),
        "https://cp.example");
  }

  /** The ARM operations a recorded request needs. */
  private static Set<String> operations(RestRecordingEndpoint.Request r) throws Exception {
    Set<String> out = new TreeSet<>();
    if (r.path().endsWith("/oauth2/v2.0/token")) {
      return out; // Entra ID, not ARM: no role operation
    }
    String[] p = r.path().split("/");
    // /subscriptions/S/resourceGroups/G/providers/NS/TYPE/NAME
    String type = p[6] + "/" + p[7];
    if ("PUT".equals(r.method())) {
      out.add(type + "/write");
      JsonNode body = JSON.readTree(r.body());
      for (JsonNode ip : body.path("properties").path("ipConfigurations")) {
        if (ip.path("properties").has("subnet")) {
          out.add("Microsoft.Network/virtualNetworks/subnets/join/action");
        }
      }
      JsonNode props = body.path("properties");
      if (props.path("networkProfile").path("networkInterfaces").size() > 0) {
        out.add("Microsoft.Network/networkInterfaces/join/action");
      }
      JsonNode storage = props.path("storageProfile");
      if (storage.path("osDisk").has("managedDisk")) {
        out.add("Microsoft.Compute/disks/write");
      }
      if (storage.path("imageReference").path("id").asText().contains("/galleries/")) {
        out.add("Microsoft.Compute/galleries/images/versions/read");
      }
    } else if ("DELETE".equals(r.method())) {
      out.add(type + "/delete");
      if ("Microsoft.Compute/virtualMachines".equals(type)) {
        out.add("Microsoft.Compute/disks/delete"); // the OS disk, deleteOption Delete
      }
    } else {
      out.add("unknown:" + r.method());
    }
    return out;
  }

  @Test
  void operationsUsedEqualTheRoleAndRequestsAreExact() throws Exception {
    try (RestRecordingEndpoint endpoint = new RestRecordingEndpoint(AzureScopeTest::reply)) {
      AzureVmProvider azure = provider(endpoint);
      Provider.Answer created = azure.create(request(TeeType.SNP, "Standard_DC2as_v5"));
      Provider.Answer gone = azure.terminate("westeurope", created.providerRef());

      List<RestRecordingEndpoint.Request> reqs = endpoint.requests();
      assertThat(reqs)
          .extracting(RestRecordingEndpoint.Request::method)
          .containsExactly("POST", "PUT", "PUT", "DELETE", "DELETE");
      RestRecordingEndpoint.Request token = reqs.get(0);
      assertThat(token.path()).isEqualTo("/contoso.onmicrosoft.com/oauth2/v2.0/token");
      Map<String, String> form = new java.util.TreeMap<>();
      for (String kv : token.body().split("&")) {
        String[] two = kv.split("=", 2);
        form.put(two[0], URLDecoder.decode(two[1], StandardCharsets.UTF_8));
      }
      assertThat(form)
          .containsEntry("grant_type", "client_credentials")
          .containsEntry("client_id", "app-1")
          .containsEntry("client_secret", "client-secret-1")
          .containsEntry("scope", "https://management.azure.com/.default");

      RestRecordingEndpoint.Request nic = reqs.get(1);
      assertThat(nic.path())
          .isEqualTo(RG + "/providers/Microsoft.Network/networkInterfaces/payments-0a1b2c3d-nic");
      assertThat(nic.query()).isEqualTo("api-version=" + AzureVmProvider.NETWORK_API);
      RestRecordingEndpoint.Request vm = reqs.get(2);
      assertThat(vm.path())
          .isEqualTo(RG + "/providers/Microsoft.Compute/virtualMachines/payments-0a1b2c3d");
      assertThat(vm.query()).isEqualTo("api-version=" + AzureVmProvider.COMPUTE_API);
      assertThat(vm.header("authorization")).isEqualTo("Bearer arm-token-1");
      assertThat(vm.header("x-ms-client-request-id")).isEqualTo("dooor-client-token-1");
      JsonNode props = JSON.readTree(vm.body()).path("properties");
      assertThat(props.path("hardwareProfile").path("vmSize").asText())
          .isEqualTo("Standard_DC2as_v5");
      assertThat(props.path("securityProfile").path("securityType").asText())
          .isEqualTo("ConfidentialVM");
      assertThat(
              props
                  .path("storageProfile")
                  .path("osDisk")
                  .path("managedDisk")
                  .path("securityProfile")
                  .path("securityEncryptionType")
                  .asText())
          .isEqualTo("VMGuestStateOnly");
      assertThat(props.path("storageProfile").path("imageReference").path("id").asText())
          .isEqualTo(GALLERY_IMAGE);
      String custom =
          new String(
              Base64.getDecoder().decode(props.path("osProfile").path("customData").asText()),
              StandardCharsets.UTF_8);
      assertThat(custom).startsWith("#cloud-config").contains("node_id = payments-0a1b2c3d");
      assertThat(created.requestId()).isEqualTo("req-put-" + vm.path().hashCode());
      assertThat(gone.requestId()).isEqualTo("req-delete-" + vm.path().hashCode());
      assertThat(reqs.get(4).path()).endsWith("/networkInterfaces/payments-0a1b2c3d-nic");

      Set<String> used = new TreeSet<>();
      for (RestRecordingEndpoint.Request r : reqs) {
        used.addAll(operations(r));
      }
      assertThat(ArmActions.allowed(ArmActions.roleDefinition())).isEqualTo(used);
      assertThat(new TreeSet<>(ArmActions.ACTIONS)).isEqualTo(used);
      // the token is fetched once and reused; the secret never leaves the token request
      assertThat(reqs.subList(1, reqs.size())).noneMatch(r -> r.body().contains("client-secret-1"));
    }
  }

  @Test
  void aMissingVmIsTerminatedAndARefusalNamesItsCode() throws Exception {
    try (RestRecordingEndpoint endpoint = new RestRecordingEndpoint(AzureScopeTest::reply)) {
      AzureVmProvider azure = provider(endpoint);
      assertThat(azure.terminate("westeurope", "gone-1").providerRef()).isEqualTo("gone-1");
      assertThatThrownBy(() -> azure.terminate("westeurope", "denied-1"))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ProviderException.Reason.REFUSED);
                assertThat(e.getMessage())
                    .contains("AuthorizationFailed")
                    .doesNotContain("arm-token-1");
                assertThat(e.requestId()).isEqualTo("req-denied");
              });
    }
  }

  @Test
  void anUnreachableArmIsUnavailable() throws Exception {
    AzureVmProvider azure =
        new AzureVmProvider(
            HttpClient.newHttpClient(),
            () -> "t",
            new AzureVmProvider.Config(URI.create("http://127.0.0.1:1"), SUB, "dooor", SUBNET, "k"),
            Set.of("westeurope"));
    assertThatThrownBy(() -> azure.create(request(TeeType.TDX, "Standard_DC2es_v5")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.UNAVAILABLE));
  }
}
