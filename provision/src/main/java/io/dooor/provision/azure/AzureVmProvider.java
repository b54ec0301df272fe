package io.dooor.provision.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.core.TeeType;
import io.dooor.provision.AgentBootstrap;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@code azure} provider (issue 14): confidential VMs ({@code securityType: ConfidentialVM};
 * DCasv5/ECasv5 for AMD SEV-SNP, DCesv5/ECesv5 for Intel TDX) through Azure Resource Manager's
 * documented REST API over the JDK's HTTP client (the Azure SDK's compute library does not resolve
 * in this workplace). A machine is a NIC ({@code <machine>-nic}, in the configured subnet, no
 * public IP) and a VM of the same name whose OS disk and NIC are deleted with it. ARM PUTs are
 * idempotent by resource name and names are machine ids, so a repeated create is the same VM; the
 * machine's client token goes as {@code x-ms-client-request-id}. The bootstrap is cloud-init custom
 * data (readable only inside the VM). Every answer's {@code x-ms-request-id} is the request id
 * recorded. It does not poll ARM's asynchronous operations: the reconciler waits for the agent to
 * attest. The operations it needs are exactly {@link ArmActions#ACTIONS}. Not run against a real
 * subscription.
 */
public final class AzureVmProvider implements Provider {
  public static final String NAME = "azure";
  static final String COMPUTE_API = "2024-07-01";
  static final String NETWORK_API = "2024-05-01";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME_OK = Pattern.compile("[a-z0-9][a-z0-9-]{0,58}");

  /**
   * Where machines go.
   *
   * @param armEndpoint {@code https://management.azure.com}
   * @param subscription the subscription id
   * @param resourceGroup the resource group the role is assigned on
   * @param subnetId the subnet's resource id (outbound through a NAT gateway)
   * @param adminSshPublicKey the OpenSSH public key Azure requires for a Linux VM (the operator's,
   *     for break-glass; the image may disable SSH)
   */
  public record Config(
      URI armEndpoint,
      String subscription,
      String resourceGroup,
      String subnetId,
      String adminSshPublicKey) {}

  private final HttpClient http;
  private final Supplier<String> accessToken;
  private final Config config;
  private final Set<String> locations;

  /**
   * @param accessToken an ARM bearer token for a principal holding only {@link
   *     ArmActions#roleDefinition()} ({@link EntraTokens} gets one with a client secret)
   */
  public AzureVmProvider(
      HttpClient http, Supplier<String> accessToken, Config config, Set<String> locations) {
    this.http = http;
    this.accessToken = accessToken;
    this.config = config;
    this.locations = Set.copyOf(locations);
  }

  /**
   * The adapter of one call: an ARM token got with the stored {@code azure-client-secret}
   * credential (Entra ID's client-credentials grant at {@code authority}, e.g. {@code
   * https://login.microsoftonline.com}).
   */
  public static io.dooor.provision.StoredCredentialProvider.Factory factory(
      HttpClient http, URI authority, Config config, Set<String> locations, java.time.Clock clock) {
    return opened -> {
      if (!"azure-client-secret".equals(opened.kind())) {
        throw new ProviderException(
            ProviderException.Reason.UNAVAILABLE,
            "credential " + opened.id().label() + " is of kind " + opened.kind(),
            "");
      }
      byte[] plain = opened.plaintext().toArray();
      try {
        com.fasterxml.jackson.databind.JsonNode f = JSON.readTree(plain);
        EntraTokens tokens =
            new EntraTokens(
                http,
                authority,
                f.path("tenant_id").asText(),
                f.path("client_id").asText(),
                io.dooor.common.SecretBytes.of(
                    f.path("client_secret")
                        .asText()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                clock);
        return new AzureVmProvider(http, tokens, config, locations);
      } catch (java.io.IOException | IllegalArgumentException e) {
        throw new ProviderException(
            ProviderException.Reason.UNAVAILABLE,
            "credential " + opened.id().label() + " is not a usable client secret",
            "");
      } finally {
        java.util.Arrays.fill(plain, (byte) 0);
      }
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> regions() {
    return locations;
  }

  @Override
  public Set<TeeType> teeTypes() {
    return Set.of(TeeType.SNP, TeeType.TDX);
  }

  private String resource(String provider, String type, String name, String api) {
    return config.armEndpoint()
        + "/subscriptions/"
        + config.subscription()
        + "/resourceGroups/"
        + config.resourceGroup()
        + "/providers/"
        + provider
        + "/"
        + type
        + "/"
        + name
        + "?api-version="
        + api;
  }

  private String resourceId(String provider, String type, String name) {
    return "/subscriptions/"
        + config.subscription()
        + "/resourceGroups/"
        + config.resourceGroup()
        + "/providers/"
        + provider
        + "/"
        + type
        + "/"
        + name;
  }

  @Override
  public Answer create(MachineRequest r) throws ProviderException {
    String name = r.machineId().toLowerCase(Locale.ROOT);
    if (!NAME_OK.matcher(name).matches()) {
      throw new ProviderException(
          ProviderException.Reason.REFUSED, "machine id is not an Azure VM name", "");
    }
    Map<String, String> tags = Map.of("dooor-managed", "true", "dooor-workload", r.spec().name());
    Map<String, Object> nic = new LinkedHashMap<>();
    nic.put("location", r.region());
    nic.put("tags", tags);
    nic.put(
        "properties",
        Map.of(
            "ipConfigurations",
            List.of(
                Map.of(
                    "name",
                    "ipconfig1",
                    "properties",
                    Map.of("subnet", Map.of("id", config.subnetId()))))));
    call(
        "PUT",
        resource("Microsoft.Network", "networkInterfaces", name + "-nic", NETWORK_API),
        nic,
        r.clientToken());

    Map<String, Object> osDisk = new LinkedHashMap<>();
    osDisk.put("createOption", "FromImage");
    osDisk.put("deleteOption", "Delete");
    osDisk.put(
        "managedDisk",
        Map.of(
            "storageAccountType",
            "Premium_LRS",
            "securityProfile",
            Map.of("securityEncryptionType", "VMGuestStateOnly")));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("hardwareProfile", Map.of("vmSize", r.spec().shape().instanceType()));
    props.put(
        "securityProfile",
        Map.of(
            "securityType",
            "ConfidentialVM",
            "uefiSettings",
            Map.of("secureBootEnabled", true, "vTpmEnabled", true)));
    props.put(
        "storageProfile",
        Map.of("imageReference", Map.of("id", r.spec().image().ref()), "osDisk", osDisk));
    props.put(
        "osProfile",
        Map.of(
            "computerName",
            name,
            "adminUsername",
            "dooor",
            "customData",
            Base64.getEncoder().encodeToString(AgentBootstrap.cloudInit(r)),
            "linuxConfiguration",
            Map.of(
                "disablePasswordAuthentication",
                true,
                "ssh",
                Map.of(
                    "publicKeys",
                    List.of(
                        Map.of(
                            "path",
                            "/home/dooor/.ssh/authorized_keys",
                            "keyData",
                            config.adminSshPublicKey()))))));
    props.put(
        "networkProfile",
        Map.of(
            "networkInterfaces",
            List.of(
                Map.of(
                    "id",
                    resourceId("Microsoft.Network", "networkInterfaces", name + "-nic"),
                    "properties",
                    Map.of("primary", true, "deleteOption", "Delete")))));
    Map<String, Object> vm = new LinkedHashMap<>();
    vm.put("location", r.region());
    vm.put("tags", tags);
    vm.put("properties", props);
    String requestId =
        call(
            "PUT",
            resource("Microsoft.Compute", "virtualMachines", name, COMPUTE_API),
            vm,
            r.clientToken());
    return new Answer(name, requestId);
  }

  @Override
  public Answer terminate(String region, String name) throws ProviderException {
    String requestId =
        call(
            "DELETE",
            resource("Microsoft.Compute", "virtualMachines", name, COMPUTE_API),
            null,
            UUID.randomUUID().toString());
    // the NIC goes with the VM (deleteOption); one left by a create that failed halfway goes here
    call(
        "DELETE",
        resource("Microsoft.Network", "networkInterfaces", name + "-nic", NETWORK_API),
        null,
        UUID.randomUUID().toString());
    return new Answer(name, requestId);
  }

  /** One ARM call; answers its x-ms-request-id. A DELETE of what is not there succeeds. */
  private String call(String method, String url, Object body, String clientRequestId)
      throws ProviderException {
    String bearer;
    try {
      bearer = accessToken.get();
    } catch (RuntimeException e) {
      throw new ProviderException(
          ProviderException.Reason.UNAVAILABLE, "no ARM access token: " + e.getMessage(), "");
    }
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + bearer)
            .header("x-ms-client-request-id", clientRequestId)
            .header("Accept", "application/json");
    try {
      if (body != null) {
        req.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      } else {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      String requestId = res.headers().firstValue("x-ms-request-id").orElse("");
      int status = res.statusCode();
      if (status / 100 == 2 || ("DELETE".equals(method) && status == 404)) {
        return requestId;
      }
      String code = errorCode(res.body());
      throw new ProviderException(
          status >= 500 || status == 429
              ? ProviderException.Reason.UNAVAILABLE
              : ProviderException.Reason.REFUSED,
          "Azure " + method + " " + code + " (" + status + ")",
          requestId);
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Reason.UNAVAILABLE, e.toString(), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(ProviderException.Reason.UNAVAILABLE, "interrupted", "");
    }
  }

  /** The error code of an ARM error reply ({@code {"error":{"code":...}}}), printable only. */
  public static String errorCode(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      String code = n == null ? "" : n.path("error").path("code").asText("");
      return code.matches("[A-Za-z0-9._-]{1,80}") ? code : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }
}
