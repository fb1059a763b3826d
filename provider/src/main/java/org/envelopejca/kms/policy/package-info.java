/**
 * Authorization as AWS KMS does it: the policy language (key policies and identity policies), grants, and the order
 * in which they decide. Pure logic over values: {@link org.envelopejca.kms.policy.PolicyDocument} parses and checks
 * a document, {@link org.envelopejca.kms.policy.PolicyEvaluator} decides a
 * {@link org.envelopejca.kms.policy.RequestContext} and says what decided it
 * ({@link org.envelopejca.kms.policy.Decision}). Engines supply the request; this package reads no file and keeps
 * no state.
 *
 * <h2>The language</h2>
 * {@code Version} (2012-10-17 or 2008-10-17), optional {@code Id}, {@code Statement} (one object or a list); per
 * statement {@code Sid}, {@code Effect}, {@code Principal} / {@code NotPrincipal} (key policies only;
 * {@code NotPrincipal} only with Deny), {@code Action} / {@code NotAction}, {@code Resource} /
 * {@code NotResource}, {@code Condition}. Condition operators: the String, Numeric, Date, Bool, Arn and Null
 * families with their negated and IgnoreCase forms, {@code ForAnyValue:} / {@code ForAllValues:} and
 * {@code ...IfExists}. Condition keys: those of {@link org.envelopejca.kms.policy.ConditionKeys}. Anything else is
 * refused when the policy is put ({@link org.envelopejca.kms.policy.MalformedPolicyException}, KMS's
 * MalformedPolicyDocumentException), never ignored.
 *
 * <h2>Evaluation order</h2>
 * Sources: IAM User Guide, "Policy evaluation logic" and "Policy evaluation for requests within a single account";
 * KMS Developer Guide, "Key policies in AWS KMS", "Default key policy", "Grants in AWS KMS".
 * <ol>
 *   <li>A Deny statement that applies, in the key policy or in the caller's identity policies, denies (explicit
 *       deny). In a key policy a Deny naming an account applies to every principal of that account; a
 *       {@code NotPrincipal} Deny applies unless both the caller and its account are listed.</li>
 *   <li>For an operation on no key (CreateKey, ListKeys, ...): the account's root is allowed; any other principal
 *       when one of its identity policies allows.</li>
 *   <li>An Allow in the key policy naming the caller (its ARN, its role for a role session, {@code *}, or its
 *       account when the caller is that account's root) allows by itself.</li>
 *   <li>An Allow in the key policy naming the caller's account (ID or root ARN) delegates: the caller is allowed
 *       when one of its identity policies also allows. Without such a key policy statement, identity policies
 *       allow nothing on the key, not even for the root.</li>
 *   <li>From another account, the key policy must name the caller or its account, and the caller's identity
 *       policies must allow (an account root's do).</li>
 *   <li>A grant to the caller (grantee ARN, or the role of a role session) for the operation allows, when its
 *       constraint holds: EncryptionContextEquals the same pairs, EncryptionContextSubset these pairs among others;
 *       keys compared without case, values with. Constraints apply only to operations that take an encryption
 *       context.</li>
 *   <li>Otherwise: denied, because nothing allowed it (implicit deny).</li>
 * </ol>
 *
 * <table>
 *   <caption>Cases (caller in the key's account unless said; "delegates" = key policy allows the account root)</caption>
 *   <tr><th>key policy</th><th>identity policy</th><th>grant</th><th>decision</th><th>decided by</th></tr>
 *   <tr><td>default (delegates kms:*)</td><td>none</td><td>none</td><td>root allowed; user implicit deny</td>
 *       <td>key policy statement / none</td></tr>
 *   <tr><td>default</td><td>Allow kms:Decrypt</td><td>none</td><td>user may Decrypt, not Encrypt</td>
 *       <td>identity statement</td></tr>
 *   <tr><td>names the user, Allow kms:Decrypt</td><td>none</td><td>none</td><td>allowed</td>
 *       <td>key policy statement</td></tr>
 *   <tr><td>names only a user</td><td>root</td><td>none</td><td>root implicitly denied</td><td>none</td></tr>
 *   <tr><td>delegates</td><td>Allow *, Deny kms:Decrypt</td><td>none</td><td>Decrypt explicitly denied</td>
 *       <td>identity Deny statement</td></tr>
 *   <tr><td>names the user, plus a Deny for the account</td><td>any</td><td>any</td><td>explicit deny</td>
 *       <td>key policy Deny statement</td></tr>
 *   <tr><td>names nobody for the action</td><td>Allow</td><td>none</td><td>implicit deny (identity policies not
 *       enabled)</td><td>none</td></tr>
 *   <tr><td>names nobody</td><td>none</td><td>Decrypt to the user, subset {tenant: 42}</td><td>Decrypt with tenant
 *       42 (any other pairs) allowed, without it denied</td><td>grant ID</td></tr>
 *   <tr><td>Deny everything with a condition</td><td>any</td><td>a grant</td><td>explicit deny when the condition
 *       holds, the grant never overrides it</td><td>key policy Deny statement</td></tr>
 *   <tr><td>delegates to another account</td><td>other account's user: Allow</td><td>none</td><td>allowed</td>
 *       <td>key policy statement</td></tr>
 *   <tr><td>delegates to another account</td><td>other account's user: none</td><td>none</td><td>implicit
 *       deny</td><td>none</td></tr>
 *   <tr><td>delegates</td><td>Allow kms:Decrypt if kms:EncryptionContext:tenant = 42</td><td>none</td>
 *       <td>Decrypt of tenant 42 allowed, of any other tenant implicit deny</td><td>identity statement</td></tr>
 *   <tr><td>delegates</td><td>two documents: one allows Encrypt, one Decrypt</td><td>none</td><td>Decrypt
 *       allowed (identity policies combine)</td><td>identity statement</td></tr>
 *   <tr><td>names the user</td><td>Deny kms:* if tenant = 13</td><td>none</td><td>tenant 13 explicit deny,
 *       others allowed</td><td>identity Deny statement / key policy statement</td></tr>
 *   <tr><td>delegates</td><td>Allow on another key's ARN only</td><td>none</td><td>implicit deny</td>
 *       <td>none</td></tr>
 *   <tr><td>delegates</td><td>Deny kms:Decrypt</td><td>Decrypt to the user</td><td>explicit deny (a grant
 *       never overrides a Deny)</td><td>identity Deny statement</td></tr>
 * </table>
 * Behind {@code envelope serve}, an access key's identity policy is the {@code policy} document of its entry in the
 * credentials file, or, without one, an Allow of everything its {@code operations} and {@code keys} lists let
 * through (the endpoint checks the lists first in both cases).
 * The table-driven test ({@code PolicyDocumentationCasesTest}) holds these and the documentation's own examples,
 * each citing its page.
 */
package org.envelopejca.kms.policy;
