package io.dooor.provision.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.Json;
import io.dooor.provision.credentials.CredentialException;
import io.dooor.provision.credentials.ProviderCredentials;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The credentials the EC2 client signs with (SigV4): the version in force of {@code aws/NAME} in
 * the credential store, opened for each request, so that a rotation takes effect with the next
 * call; the plaintext lives only in memory, in the SDK's credentials object of that request. A call
 * made for a workload with its own {@code aws} credential signs with that one instead ({@link
 * ProviderCredentials#openForCall}). A credential that is missing, or whose ciphertext does not
 * authenticate, fails the call (an SDK client error, recorded as a failed provider call) and is
 * never used.
 */
public final class StoredAwsCredentials implements AwsCredentialsProvider {
  private final Supplier<ProviderCredentials> credentials;
  private final String name;

  /**
   * @param credentials the credential store (supplied late: it needs the key service)
   * @param name the {@code aws} credential's name
   */
  public StoredAwsCredentials(Supplier<ProviderCredentials> credentials, String name) {
    this.credentials = credentials;
    this.name = name;
  }

  @Override
  public AwsCredentials resolveCredentials() {
    ProviderCredentials.Opened opened;
    try {
      opened = credentials.get().openForCall(Ec2Provider.NAME, name);
    } catch (CredentialException e) {
      throw SdkClientException.create(
          "credential aws/" + name + " is not usable (" + e.reason() + "): " + e.getMessage());
    }
    byte[] plain = opened.plaintext().toArray();
    try {
      JsonNode fields = Json.MAPPER.readTree(plain);
      if (!"aws-keys".equals(opened.kind())) {
        throw SdkClientException.create(
            "credential "
                + opened.id().label()
                + " is of kind "
                + opened.kind()
                + ", not aws-keys");
      }
      String id = fields.path("access_key_id").asText();
      String secret = fields.path("secret_access_key").asText();
      JsonNode token = fields.get("session_token");
      return token == null
          ? AwsBasicCredentials.create(id, secret)
          : AwsSessionCredentials.create(id, secret, token.asText());
    } catch (IOException e) {
      throw SdkClientException.create(
          "credential " + opened.id().label() + " v" + opened.id().version() + " is not JSON");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "StoredAwsCredentials[aws/" + name + "]";
  }
}
