/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in: trace events are never instantiated here */
