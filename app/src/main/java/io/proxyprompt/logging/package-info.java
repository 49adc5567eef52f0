/**
 * The workstation's log: a rotating file in the workspace's {@code logs/} folder for support engineers, written
 * through slf4j by every package and bound here to logback; secrets and DICOM person names are scrubbed.
 */
package io.proxyprompt.logging;
