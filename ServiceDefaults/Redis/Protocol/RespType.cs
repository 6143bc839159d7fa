namespace ServiceDefaults.Redis;

// The RESP2 reply types, named by their first byte on the wire.
public enum RespType : byte
{
    SimpleString = (byte)'+',
    Error = (byte)'-',
    Integer = (byte)':',
    BulkString = (byte)'$',
    Array = (byte)'*',
}
