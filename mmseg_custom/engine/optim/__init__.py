from .cpu_bf16 import CpuBf16OptimWrapper

__all__ = ['CpuBf16OptimWrapper']
